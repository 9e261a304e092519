using System.Text.Json;
using FaceActors.TestSupport;

namespace FaceActors.Host.Tests.Cli;

/// <summary>
/// `bench pipeline` on one camera, gate on and off, briefly: the figures are sane. Only generous bounds, because the
/// machine running the tests may be busy; the real figures come from a full run on a quiet machine (docs/benchmarks.md).
/// </summary>
public sealed class BenchSpecs : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    /// <summary>The sample photos and gallery the set-up composes (./test.sh runs it first).</summary>
    internal static string Samples()
    {
        var samples = Path.Combine(TestPaths.RepositoryRoot, "data", "samples");
        if (!File.Exists(Path.Combine(samples, "grace_hopper.jpg")) || !Directory.Exists(Path.Combine(samples, "gallery")))
            throw new InvalidOperationException($"The sample photos and gallery are missing from '{samples}'. Run `./faceactors setup` (./test.sh does) first.");
        return samples;
    }

    [Fact]
    public void A_short_bench_of_one_camera_reports_sane_figures_for_the_gate_on_and_off()
    {
        var json = _temp.File("bench.json");

        // 8 s measured after the 3 s warm-up: the person enters 6 s into the clip, so one entry is in the window.
        var result = FaceActorsProcess.Run("bench", "pipeline", "--cameras", "1", "--seconds", "8", "--samples", Samples(),
            "--yolo", TestPaths.SharedModel("yolox_nano/yolox_nano.onnx"), "--json", json);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("Targets", result.Stdout);
        var report = JsonDocument.Parse(File.ReadAllText(json)).RootElement;
        var runs = report.GetProperty("runs").EnumerateArray().ToList();
        Assert.Equal([true, false], runs.Select(r => r.GetProperty("gated").GetBoolean()));
        Assert.All(runs, r => Assert.True(r.GetProperty("metrics_exported").GetBoolean())); // as `run` is watched, unless --metrics off
        foreach (var run in runs)
        {
            Assert.Equal(1, run.GetProperty("cameras").GetInt32());
            // The file camera keeps the clip's 15 fps: not faster, and not much slower even on a busy machine.
            Assert.InRange(run.GetProperty("captured_fps_per_camera").GetDouble(), 10, 16);
            Assert.InRange(run.GetProperty("frames_processed").GetInt64(), 1, run.GetProperty("frames_captured").GetInt64() + 2);
            Assert.InRange(run.GetProperty("cpu_percent_of_one_core").GetDouble(), 0.1, 100.0 * Environment.ProcessorCount);
            Assert.InRange(run.GetProperty("cpu_ms_per_frame").GetDouble(), 0.01, 2000);
            Assert.InRange(run.GetProperty("peak_rss_mib").GetDouble(), 50, 4096);
            var latency = run.GetProperty("capture_to_event");
            Assert.True(latency.GetProperty("samples").GetInt32() > 0);
            Assert.InRange(latency.GetProperty("p50_ms").GetDouble(), 0, latency.GetProperty("p95_ms").GetDouble());
            Assert.InRange(latency.GetProperty("p95_ms").GetDouble(), 0, 10_000);
        }

        var entry = runs[0].GetProperty("entry_to_identity");
        Assert.Equal(1, entry.GetProperty("entries").GetInt32());
        Assert.Equal(0, entry.GetProperty("missed").GetInt32());
        Assert.InRange(entry.GetProperty("to_identity_assigned").GetProperty("p95_ms").GetDouble(), 0, 5_000);

        var saving = Assert.Single(report.GetProperty("gate").EnumerateArray());
        Assert.InRange(saving.GetProperty("ratio").GetDouble(), 0.001, 2);
        // Issue 13's 8-camera targets and the memory ratio need runs this one did not make; the gate's saving and the
        // one-camera latency were measured.
        var targets = report.GetProperty("targets").EnumerateArray()
            .ToDictionary(t => t.GetProperty("target").GetString()!, t => t.GetProperty("met").ValueKind);
        Assert.Equal(5, targets.Count);
        Assert.Equal(JsonValueKind.Null, targets["8 cameras at 15 fps with no frame dropped"]);
        Assert.Equal(JsonValueKind.Null, targets["p95 entry to IdentityAssigned under 500 ms at 8 camera(s)"]);
        Assert.Equal(JsonValueKind.Null, targets["peak RSS at 8 cameras at most 1.2x that at 1"]);
        Assert.NotEqual(JsonValueKind.Null, targets["p95 entry to IdentityAssigned under 500 ms at 1 camera(s)"]);
        Assert.NotEqual(JsonValueKind.Null, targets["gated CPU per frame at most 25 % of ungated"]);
    }

    [Theory]
    [InlineData("--cameras", "0")]
    [InlineData("--cameras", "1,x")]
    [InlineData("--seconds", "2")]
    public void Out_of_range_arguments_are_refused_with_the_form_expected(string option, string value)
    {
        var result = FaceActorsProcess.Run("bench", "pipeline", option, value, "--samples", Samples());

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(option, result.Stderr);
    }
}

/// <summary>
/// The model-choice benches on their real data: the figures the defaults were chosen on hold, with bounds generous
/// enough for another machine (the recall and counts do not depend on its speed; the timings are only checked present).
/// </summary>
public sealed class ModelBenchSpecs : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    private List<JsonElement> Run(params string[] arguments)
    {
        var json = _temp.File("bench.json");
        var result = FaceActorsProcess.Run([.. arguments, "--samples", BenchSpecs.Samples(), "--shared", Path.Combine(TestPaths.SharedRoot, "data"), "--json", json]);
        Assert.True(result.ExitCode == 0, result.ToString());
        return JsonDocument.Parse(File.ReadAllText(json)).RootElement.EnumerateArray().ToList();
    }

    private static JsonElement Row(List<JsonElement> rows, string model, string set) =>
        rows.Single(r => r.GetProperty(r.TryGetProperty("detector", out _) ? "detector" : "model").GetString()!.StartsWith(model, StringComparison.Ordinal)
            && r.GetProperty("set").GetString()!.StartsWith(set, StringComparison.Ordinal));

    [Fact]
    public void The_default_person_detector_finds_everyone_walking_and_most_people_in_groups()
    {
        var rows = Run("bench", "persons");

        Assert.Equal(9, rows.Count); // three detectors on three sets
        Assert.Equal(1.0, Row(rows, "NanoDet", "Intel clip").GetProperty("recall").GetDouble());
        Assert.Equal(0, Row(rows, "NanoDet", "Intel clip").GetProperty("extra").GetInt32());
        Assert.True(Row(rows, "NanoDet", "photos").GetProperty("recall").GetDouble() >= 0.8, Row(rows, "NanoDet", "photos").ToString());
        Assert.All(rows, r => Assert.True(r.GetProperty("ms_per_frame").GetDouble() > 0));
    }

    [Fact]
    public void Mtcnn_finds_the_small_faces_and_the_front_blazeface_does_not()
    {
        var rows = Run("bench", "faces");

        Assert.True(Row(rows, "MTCNN (min face 40)", "composed").GetProperty("recall_centre").GetDouble() >= 0.9);
        Assert.True(Row(rows, "BlazeFace full range", "composed").GetProperty("recall_centre").GetDouble() >= 0.7);
        Assert.True(Row(rows, "BlazeFace front", "composed").GetProperty("recall_centre").GetDouble() <= 0.2);
    }
}
