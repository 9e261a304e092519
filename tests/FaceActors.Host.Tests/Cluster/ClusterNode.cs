using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using FaceActors.Host.Tests.Http;
using FaceActors.Pipeline.Cameras;
using FaceActors.TestSupport;

namespace FaceActors.Host.Tests.Cluster;

/// <summary>
/// One `faceactors run` of a <see cref="LoopbackCluster"/>: its cluster port is fixed (it is a seed, or rejoins as
/// itself), its HTTP port is the one the operating system gave it, and its events go to a file of its own.
/// </summary>
public sealed class ClusterNode : IDisposable
{
    private readonly string _config;
    private readonly string _eventsFile;
    private Process? _process;
    private RunStderr? _stderr;

    public ClusterNode(string name, int port, string config, string eventsFile)
    {
        Name = name;
        Port = port;
        _config = config;
        _eventsFile = eventsFile;
    }

    public string Name { get; }

    /// <summary>The node's cluster port; "127.0.0.1:PORT" is its name in events and /api/cameras.</summary>
    public int Port { get; }

    public string Address => $"127.0.0.1:{Port}";

    public HttpClient Http { get; private set; } = new();

    public bool Running => _process is { HasExited: false };

    public string Stderr => _stderr?.Text ?? "";

    public void Start()
    {
        _process = FaceActorsProcess.Start(["run", "--config", _config, "--yolo", TestPaths.SharedModel("yolox_nano/yolox_nano.onnx"),
            "--http", "127.0.0.1:0", "--events", _eventsFile], new Dictionary<string, string> { ["FACEACTORS__CLUSTER__PORT"] = Port.ToString() });
        _process.StandardOutput.ReadToEndAsync();
        _stderr = new RunStderr(_process);
    }

    /// <summary>Waits until the node listens and its models are loaded (it is ready).</summary>
    public async Task ReadyAsync(TimeSpan patience)
    {
        var address = await _stderr!.AddressAsync(patience);
        Http.Dispose();
        Http = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(10) };
        await RunningProgram.EventuallyAsync(async () =>
        {
            if (_process!.HasExited) throw new InvalidOperationException($"node {Name} ended ({_process.ExitCode}): {Stderr}");
            try
            {
                return (await Http.GetAsync("health/ready")).IsSuccessStatusCode;
            }
            catch (HttpRequestException)
            {
                return false;
            }
        }, ready => ready, patience, $"node {Name} ready");
    }

    public async Task<IReadOnlyList<CameraReport>> CamerasAsync() =>
        (await Http.GetFromJsonAsync<List<CameraReport>>("api/cameras", new JsonSerializerOptions(JsonSerializerDefaults.Web)))!;

    /// <summary>Every event this node has written, from every node's cameras.</summary>
    public IReadOnlyList<JsonElement> Events()
    {
        if (!File.Exists(_eventsFile)) return [];
        using var stream = new FileStream(_eventsFile, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream);
        var events = new List<JsonElement>();
        while (reader.ReadLine() is { Length: > 0 } line)
            // The writer may be half-way through the last line.
            try
            {
                events.Add(JsonDocument.Parse(line).RootElement.Clone());
            }
            catch (JsonException)
            {
            }
        return events;
    }

    /// <summary>kill -9: no leaving, no hand-off; the others find out through their failure detectors.</summary>
    public void Kill()
    {
        _process?.Kill(entireProcessTree: true);
        _process?.WaitForExit();
    }

    /// <summary>Ctrl-C, as a user stops it: it hands its cameras off and leaves the cluster.</summary>
    public void Stop()
    {
        if (_process is not { HasExited: false } process) return;
        using var interrupt = Process.Start("kill", ["-INT", process.Id.ToString()]);
        interrupt.WaitForExit();
        if (!process.WaitForExit(TimeSpan.FromSeconds(40))) process.Kill(entireProcessTree: true);
    }

    public void Dispose()
    {
        Stop();
        _process?.Dispose();
        Http.Dispose();
    }
}
