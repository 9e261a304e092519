using FaceActors.Pipeline.Cameras;

namespace FaceActors.Host.Http;

/// <summary>One camera as the API and the live view show it. Rates are frames per second over the last second.</summary>
public sealed record CameraReport(
    string Name, string Kind, string Url, string State,
    double CapturedFps, double ProcessedFps, long FramesCaptured, long FramesProcessed, long FramesDropped,
    long DecodeErrors, long Reconnects, int ActiveTracks);

/// <summary>
/// Every configured camera with its counters (from the registry, once the supervisor has started it), sampled once a
/// second so that a request reads rates without waiting. The URL is shown without its user name and password: the
/// API may be read by people who must not learn a camera's credentials.
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

    public IReadOnlyList<CameraReport> Snapshot()
    {
        lock (_gate)
        {
            return _cameras.Select((camera, i) =>
            {
                var counters = CountersOf(camera);
                return new CameraReport(camera.Name, camera.Kind.ToString().ToLowerInvariant(), WithoutCredentials(camera.Url),
                    counters.State.ToString().ToLowerInvariant(), Math.Round(_rates[i].Captured, 1), Math.Round(_rates[i].Processed, 1),
                    counters.FramesCaptured, counters.FramesProcessed, counters.FramesDropped, counters.DecodeErrors, counters.Reconnects,
                    counters.ActiveTracks);
            }).ToList();
        }
    }

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

    internal static string WithoutCredentials(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.UserInfo.Length > 0
            ? new UriBuilder(uri) { UserName = "", Password = "" }.Uri.ToString()
            : url;
}
