namespace FaceActors.Pipeline.Cameras;

/// <summary>One camera as the API and the live view show it. Rates are frames per second over the last second.</summary>
/// <param name="Node">The cluster node that runs the camera (host:port); null in a single process, and for a camera no node runs.</param>
public sealed record CameraReport(
    string Name, string Kind, string Url, string State,
    double CapturedFps, double ProcessedFps, long FramesCaptured, long FramesProcessed, long FramesDropped,
    long DecodeErrors, long Reconnects, int ActiveTracks, string? Node = null);

/// <summary>
/// Every configured camera with its counters (from the registry, once it has started here), sampled once a second so
/// that a request reads rates without waiting. The URL is shown without its user name and password: the API may be
/// read by people who must not learn a camera's credentials. On a cluster node, <see cref="Running"/> is the part
/// this node reports to the others.
/// </summary>
public sealed class CameraBoard : IDisposable
{
    private static readonly CameraCounters NotStarted = new();

    private readonly IReadOnlyList<CameraSettings> _cameras;
    private readonly CameraRegistry _registry;
    private readonly Timer _sampler;
    private readonly Lock _gate = new();
    private readonly (long Captured, long Processed)[] _previous;
    private readonly (double Captured, double Processed)[] _rates;
    private DateTimeOffset _sampledAt = DateTimeOffset.UtcNow;

    public CameraBoard(IReadOnlyList<CameraSettings> cameras, CameraRegistry registry)
    {
        _cameras = cameras;
        _registry = registry;
        _previous = new (long, long)[cameras.Count];
        _rates = new (double, double)[cameras.Count];
        _sampler = new Timer(_ => Sample(), null, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));
    }

    /// <summary>The configured cameras, in their order.</summary>
    public IReadOnlyList<CameraSettings> Cameras => _cameras;

    /// <summary>Every configured camera; one that has not started here shows as reconnecting with no frames.</summary>
    public IReadOnlyList<CameraReport> Snapshot()
    {
        lock (_gate)
        {
            return _cameras.Select((camera, i) => Report(camera, i, CountersOf(camera))).ToList();
        }
    }

    /// <summary>The cameras running in this process now, each named with <paramref name="node"/>.</summary>
    public IReadOnlyList<CameraReport> Running(string node)
    {
        var running = _registry.All;
        lock (_gate)
        {
            return _cameras.Select((camera, i) => running.TryGetValue(camera.Name, out var counters) ? Report(camera, i, counters) with { Node = node } : null)
                .OfType<CameraReport>().ToList();
        }
    }

    /// <summary>A configured camera that no node runs (between two nodes, or waiting for room).</summary>
    public static CameraReport Unassigned(CameraSettings camera) =>
        new(camera.Name, KindOf(camera), WithoutCredentials(camera.Url), "unassigned", 0, 0, 0, 0, 0, 0, 0, 0);

    private CameraReport Report(CameraSettings camera, int index, CameraCounters counters) =>
        new(camera.Name, KindOf(camera), WithoutCredentials(camera.Url),
            counters.State.ToString().ToLowerInvariant(), Math.Round(_rates[index].Captured, 1), Math.Round(_rates[index].Processed, 1),
            counters.FramesCaptured, counters.FramesProcessed, counters.FramesDropped, counters.DecodeErrors, counters.Reconnects,
            counters.ActiveTracks);

    private static string KindOf(CameraSettings camera) => camera.Kind.ToString().ToLowerInvariant();

    public void Dispose() => _sampler.Dispose();

    private CameraCounters CountersOf(CameraSettings camera) => _registry.All.GetValueOrDefault(camera.Name) ?? NotStarted;

    private void Sample()
    {
        lock (_gate)
        {
            var now = DateTimeOffset.UtcNow;
            var seconds = Math.Max(0.001, (now - _sampledAt).TotalSeconds);
            for (var i = 0; i < _cameras.Count; i++)
            {
                var counters = CountersOf(_cameras[i]);
                var (captured, processed) = (counters.FramesCaptured, counters.FramesProcessed);
                _rates[i] = ((captured - _previous[i].Captured) / seconds, (processed - _previous[i].Processed) / seconds);
                _previous[i] = (captured, processed);
            }
            _sampledAt = now;
        }
    }

    private static string WithoutCredentials(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.UserInfo.Length > 0
            ? new UriBuilder(uri) { UserName = "", Password = "" }.Uri.ToString()
            : url;
}
