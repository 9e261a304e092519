using System.Net.Http.Json;
using System.Text.Json;
using FaceActors.Host.Benchmarking.Soak;
using FaceActors.Pipeline.Cameras;
using FaceActors.Testbed.Processes;

namespace FaceActors.Host.Benchmarking.Cluster;

/// <summary>
/// `faceactors run` processes for `bench cluster`: one without a cluster, or nodes of one cluster on loopback, each
/// with its cluster port (they are seeds, or rejoin as themselves), its HTTP port from the operating system, and its
/// log in the bench's folder.
/// </summary>
internal sealed class BenchCluster : IAsyncDisposable
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly string _config;
    private readonly string _folder;
    private readonly string? _yolo;
    private readonly SoakedProgram?[] _programs;
    private readonly HttpClient?[] _http;

    private BenchCluster(string config, string folder, string? yolo, IReadOnlyList<int> ports)
    {
        _config = config;
        _folder = folder;
        _yolo = yolo;
        Ports = ports;
        _programs = new SoakedProgram?[ports.Count];
        _http = new HttpClient?[ports.Count];
    }

    /// <summary>Each node's cluster port ("127.0.0.1:PORT" is its name); 0 for a process without a cluster.</summary>
    public IReadOnlyList<int> Ports { get; }

    public string NodeName(int node) => $"127.0.0.1:{Ports[node]}";

    public int Pid(int node) => _programs[node]!.Pid;

    public HttpClient Http(int node) => _http[node] ?? throw new InvalidOperationException($"Node {node} is not running.");

    /// <summary>Starts <paramref name="nodes"/> processes on one configuration; <paramref name="clusterKeys"/> null for a process without a cluster.</summary>
    /// <param name="clusterKeys">The faceactors.cluster block's keys but enabled and seed-nodes, given the ports.</param>
    public static async Task<BenchCluster> StartAsync(string folder, string baseConfig, int nodes, string? clusterKeys, string? yolo)
    {
        var ports = clusterKeys is null ? [0] : Enumerable.Range(0, nodes).Select(_ => LoopbackPort.Free()).ToList();
        var config = Path.Combine(folder, $"bench-{Guid.NewGuid():N}.conf");
        await File.WriteAllTextAsync(config, clusterKeys is null ? baseConfig : $$"""
            {{baseConfig}}
            faceactors.cluster {
              enabled = on
              seed-nodes = [{{string.Join(", ", ports.Take(2).Select(p => $"\"akka.tcp://faceactors@127.0.0.1:{p}\""))}}]
              {{clusterKeys}}
            }
            """);
        var cluster = new BenchCluster(config, folder, yolo, ports);
        try
        {
            for (var node = 0; node < ports.Count; node++) cluster.Start(node);
            await Task.WhenAll(Enumerable.Range(0, ports.Count).Select(cluster.ReadyAsync));
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    public void Start(int node)
    {
        string[] yolo = _yolo is null ? [] : ["--yolo", _yolo];
        var environment = Ports[node] == 0 ? null : new Dictionary<string, string> { ["FACEACTORS__CLUSTER__PORT"] = Ports[node].ToString() };
        _programs[node] = SoakedProgram.Start(["run", "--config", _config, "--http", "127.0.0.1:0", .. yolo],
            Path.Combine(_folder, $"node-{node}-{DateTime.UtcNow:HHmmss}.log"), environment);
    }

    /// <summary>Waits until the node listens and its models are loaded.</summary>
    public async Task ReadyAsync(int node)
    {
        var program = _programs[node]!;
        var address = await program.AddressAsync(TimeSpan.FromMinutes(3));
        _http[node]?.Dispose();
        var http = _http[node] = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(10) };
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(3);
        while (true)
        {
            if (program.HasExited) throw new InvalidOperationException($"Node {node} ended before it was ready:\n{program.LastLogLines}");
            try
            {
                if ((await http.GetAsync("health/ready")).IsSuccessStatusCode) return;
            }
            catch (HttpRequestException)
            {
            }
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"Node {node} was not ready within 3 minutes:\n{program.LastLogLines}");
            await Task.Delay(500);
        }
    }

    public async Task<IReadOnlyList<CameraReport>> CamerasAsync(int node) =>
        await Http(node).GetFromJsonAsync<List<CameraReport>>("api/cameras", Json) ?? [];

    public async Task KillAsync(int node)
    {
        await _programs[node]!.KillAsync();
        _http[node]?.Dispose();
        _http[node] = null;
    }

    /// <summary>Stops every node with SIGTERM, one after another: two nodes leaving at the same instant wait out a 10 s timeout.</summary>
    public async ValueTask DisposeAsync()
    {
        for (var node = 0; node < _programs.Length; node++)
        {
            if (_programs[node] is { } program) await program.DisposeAsync();
            _http[node]?.Dispose();
        }
    }
}
