using System.Net;
using System.Text.Json;
using FaceActors.TestSupport;

namespace FaceActors.Host.Tests.Http;

/// <summary>
/// What `run` serves over HTTP while it runs (health, the API, /metrics), and the Grafana dashboard's queries against
/// a real Prometheus scraping it.
/// </summary>
public sealed class HttpSpecs(RunningProgram program) : IClassFixture<RunningProgram>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Health_says_live_and_ready_once_the_camera_is_online()
    {
        Assert.Equal(HttpStatusCode.OK, (await program.Http.GetAsync("health/live")).StatusCode);
        var ready = await program.Http.GetAsync("health/ready");
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
    }

    [Fact]
    public async Task Cameras_are_listed_with_their_state_and_frame_rate()
    {
        var cameras = await RunningProgram.EventuallyAsync(() => program.GetJsonAsync("api/cameras"),
            c => c.GetArrayLength() == 1 && c[0].GetProperty("processedFps").GetDouble() > 5, Patience, "a processed frame rate");

        var door = cameras[0];
        Assert.Equal(("door", "opencv", "online"), (door.GetProperty("name").GetString(), door.GetProperty("kind").GetString(), door.GetProperty("state").GetString()));
        Assert.InRange(door.GetProperty("capturedFps").GetDouble(), 5, 25); // the clip plays at 15 fps in real time
    }

    [Fact]
    public async Task Recent_events_name_the_person_and_a_bad_since_is_a_400_problem()
    {
        var events = await RunningProgram.EventuallyAsync(() => program.GetJsonAsync("api/events?since=1h"),
            e => e.EnumerateArray().Any(IsObamaNamed), Patience, "an identity_assigned for obama");
        var bad = await program.Http.GetAsync("api/events?since=yesterday");

        Assert.All(events.EnumerateArray(), e => Assert.Equal("door", e.GetProperty("camera").GetString()));
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal("application/problem+json", bad.Content.Headers.ContentType?.MediaType);
        Assert.Contains("since 'yesterday'", await bad.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task The_event_stream_delivers_an_identity_assigned_as_it_happens()
    {
        using var stream = new StreamReader(await program.Http.GetStreamAsync("api/events/stream"));
        using var patience = new CancellationTokenSource(Patience);

        // The clip loops every 6 s, and each loop the person walks in again as a new track that is named.
        string? line;
        string? eventType = null;
        while ((line = await stream.ReadLineAsync(patience.Token)) is not null)
        {
            if (line.StartsWith("event: ", StringComparison.Ordinal)) eventType = line["event: ".Length..];
            if (eventType == "identity_assigned" && line.StartsWith("data: ", StringComparison.Ordinal) && IsObamaNamed(JsonDocument.Parse(line[6..]).RootElement))
                return;
        }
        Assert.Fail("The event stream ended without an identity_assigned for obama.");
    }

    [Fact]
    public async Task The_gallery_api_says_a_run_with_a_folder_gallery_has_no_gallery_to_change()
    {
        var listed = await program.Http.GetAsync("api/gallery");
        var erased = await program.Http.DeleteAsync("api/gallery/obama");

        Assert.All([listed, erased], r => Assert.Equal((HttpStatusCode.Conflict, "application/problem+json"), (r.StatusCode, r.Content.Headers.ContentType?.MediaType)));
        Assert.Contains("folder gallery", await listed.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Metrics_are_served_for_prometheus_with_seconds_and_totals()
    {
        var metrics = await RunningProgram.EventuallyAsync(() => program.Http.GetStringAsync("metrics"),
            m => m.Contains("faceactors_recognitions_total{"), Patience, "a recognition counted");

        Assert.Contains("faceactors_camera_frames_captured_total{", metrics);
        Assert.Contains("faceactors_stage_duration_seconds_bucket{", metrics);
        Assert.Contains("process_memory_usage_bytes", metrics);
        Assert.Contains("dotnet_gc_", metrics);
    }

    [Fact]
    public async Task Every_query_of_the_grafana_dashboard_returns_data_from_a_real_prometheus()
    {
        using var prometheus = new PrometheusServer($"127.0.0.1:{program.Port}");
        var queries = GrafanaDashboard.Queries().ToList();
        Assert.True(queries.Count >= 15, $"the dashboard has only {queries.Count} queries");

        // Rates need two scrapes of a counter that moved; the clip names Obama on every loop.
        var empty = await RunningProgram.EventuallyAsync(async () =>
        {
            var none = new List<string>();
            foreach (var query in queries)
                if ((await prometheus.QueryAsync(query)).Count == 0) none.Add(query);
            return none;
        }, none => none.Count == 0, TimeSpan.FromSeconds(90), "data for every dashboard query");

        Assert.Empty(empty);
    }

    [Fact]
    public void The_prometheus_scrape_configuration_passes_promtool()
    {
        using var promtool = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("promtool",
            ["check", "config", Path.Combine(TestPaths.RepositoryRoot, "grafana", "prometheus.yml")]) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        var output = promtool.StandardOutput.ReadToEnd() + promtool.StandardError.ReadToEnd();
        promtool.WaitForExit();

        Assert.True(promtool.ExitCode == 0, output);
    }

    private static bool IsObamaNamed(JsonElement e) =>
        e.GetProperty("type").GetString() == "identity_assigned" && e.GetProperty("identity").GetString() == "obama";
}
