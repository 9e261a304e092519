using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using FaceActors.Testbed.Processes;

namespace FaceActors.TestSupport;

/// <summary>
/// A real Prometheus (Debian's package; .ci/run installs it) on 127.0.0.1 at a free port, scraping one target, or the
/// targets a service discovery file lists, every second, with its data in a temporary folder. Queries go through its
/// HTTP API, as Grafana's would.
/// </summary>
public sealed class PrometheusServer : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("faceactors-prometheus-").FullName;
    private Process _process;
    private HttpClient _http;

    /// <param name="target">host:port of the /metrics endpoint to scrape.</param>
    public PrometheusServer(string target) : this(new JobTargets($"""
        static_configs:
              - targets: ["{target}"]
        """))
    {
    }

    /// <summary>Scrapes what <paramref name="discoveryFile"/> lists (Prometheus' file_sd JSON: targets and their labels), re-read every second.</summary>
    public static PrometheusServer Discovering(string discoveryFile) => new(new JobTargets($"""
        file_sd_configs:
              - files: ["{discoveryFile}"]
                refresh_interval: 1s
        """));

    /// <summary>The YAML that says what the job scrapes, indented as a key of the job.</summary>
    private sealed record JobTargets(string Yaml);

    private PrometheusServer(JobTargets targets)
    {
        const string binary = "/usr/bin/prometheus";
        if (!File.Exists(binary))
        {
            var where = Environment.GetEnvironmentVariable("CI") == "true" ? "CI needs" : "This test needs";
            throw new InvalidOperationException($"{where} Prometheus ({binary}), which is missing. Install Debian's prometheus package: `apt-get install prometheus` (.ci/run does).");
        }
        var config = Path.Combine(_folder, "prometheus.yml");
        File.WriteAllText(config, $"""
            global:
              scrape_interval: 1s
              evaluation_interval: 1s
            scrape_configs:
              - job_name: faceactors
                {targets.Yaml}
            """);
        // A port free when chosen may be taken by the time Prometheus binds it: then it exits, and starts on another.
        for (var attempt = 1; ; attempt++)
        {
            Port = LoopbackPort.Free();
            _process = Start(binary, config, Path.Combine(_folder, "data"), Port);
            _http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{Port}/"), Timeout = TimeSpan.FromSeconds(10) };
            WaitUntil(() => _process.HasExited || _http.GetAsync("-/ready").Result.IsSuccessStatusCode, TimeSpan.FromSeconds(30), "Prometheus did not become ready");
            if (!_process.HasExited) return;
            if (attempt == 3) throw new InvalidOperationException($"Prometheus exited at start ({_process.ExitCode}) three times; its last port was {Port}.");
            _http.Dispose();
            _process.Dispose();
        }
    }

    private static Process Start(string binary, string config, string storage, int port)
    {
        var start = new ProcessStartInfo(binary) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in (string[])[$"--config.file={config}", $"--storage.tsdb.path={storage}", $"--web.listen-address=127.0.0.1:{port}", "--log.level=warn"])
            start.ArgumentList.Add(argument);
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    public int Port { get; private set; }

    /// <summary>Evaluates a PromQL expression now; returns the result's series (empty when it has no data).</summary>
    public async Task<IReadOnlyList<JsonElement>> QueryAsync(string promql)
    {
        var reply = await _http.GetFromJsonAsync<JsonElement>($"api/v1/query?query={Uri.EscapeDataString(promql)}");
        if (reply.GetProperty("status").GetString() != "success")
            throw new InvalidOperationException($"Prometheus refused '{promql}': {reply}");
        return reply.GetProperty("data").GetProperty("result").EnumerateArray().ToList();
    }

    /// <summary>Whether the last scrape of the target succeeded.</summary>
    public async Task<bool> TargetIsUpAsync() =>
        (await QueryAsync("up{job=\"faceactors\"} == 1")).Count > 0;

    public void Dispose()
    {
        _http.Dispose();
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        _process.WaitForExit(5000);
        _process.Dispose();
        Directory.Delete(_folder, recursive: true);
    }

    private static void WaitUntil(Func<bool> condition, TimeSpan patience, string failure)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < patience)
        {
            try
            {
                if (condition()) return;
            }
            catch (Exception e) when (e is HttpRequestException or AggregateException or TaskCanceledException)
            {
                // Not listening yet.
            }
            Thread.Sleep(200);
        }
        throw new TimeoutException($"{failure} within {patience.TotalSeconds:0} s.");
    }
}
