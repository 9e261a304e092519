using FaceActors.Pipeline.Cameras;
using System.Diagnostics;
using System.Net.Http.Json;

namespace FaceActors.Host.Benchmarking.Soak;

/// <summary>A time during which a camera's processed-frame counter stood still, in seconds from the soak's start.</summary>
public sealed record Stall(string Camera, double From, double To)
{
    public double Seconds => To - From;

    public bool Overlaps(double from, double to) => From < to && To > from;
}

/// <summary>
/// Watches every camera's processed-frame counter from outside, through `GET /api/cameras`, four times a second, and
/// keeps each time a counter stood still for longer than <see cref="StallThreshold"/>. A slow answer does not look like a
/// stall: a counter that moved while the request waited has moved.
/// </summary>
internal sealed class CameraWatch(HttpClient http, Stopwatch clock)
{
    public static readonly TimeSpan StallThreshold = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(250);

    private readonly Dictionary<string, (long Processed, double At)> _lastProgress = [];
    private readonly List<Stall> _stalls = [];
    private readonly Lock _gate = new();
    private IReadOnlyList<CameraReport> _latest = [];

    /// <summary>The cameras as last seen.</summary>
    public IReadOnlyList<CameraReport> Latest
    {
        get
        {
            lock (_gate) return _latest;
        }
    }

    /// <summary>Every stall seen so far, and those still going on at <paramref name="now"/>.</summary>
    public IReadOnlyList<Stall> StallsUntil(double now)
    {
        lock (_gate)
        {
            var ongoing = _lastProgress
                .Where(p => now - p.Value.At > StallThreshold.TotalSeconds)
                .Select(p => new Stall(p.Key, p.Value.At, now));
            return _stalls.Concat(ongoing).ToList();
        }
    }

    /// <summary>
    /// When <paramref name="camera"/> was processing frames again at or after <paramref name="since"/>: the end of a
    /// stall that <paramref name="since"/> falls in, or <paramref name="since"/> itself when it was not stalled; null while
    /// it has processed nothing since.
    /// </summary>
    public double? ProcessingAgainAt(string camera, double since, double now)
    {
        lock (_gate)
        {
            if (_stalls.FirstOrDefault(s => s.Camera == camera && s.From <= since && s.To > since) is { } stall) return stall.To;
            if (!_lastProgress.TryGetValue(camera, out var last)) return null;
            var stalledNow = now - last.At > StallThreshold.TotalSeconds;
            return stalledNow && last.At <= since ? null : since;
        }
    }

    public async Task RunAsync(CancellationToken stop)
    {
        using var timer = new PeriodicTimer(PollInterval);
        try
        {
            do
            {
                try
                {
                    var cameras = await http.GetFromJsonAsync<List<CameraReport>>("/api/cameras", stop) ?? [];
                    Observe(cameras, clock.Elapsed.TotalSeconds);
                }
                catch (HttpRequestException)
                {
                    // The program is stopping or gone; the soak notices that itself.
                }
            } while (await timer.WaitForNextTickAsync(stop));
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
        }
    }

    private void Observe(IReadOnlyList<CameraReport> cameras, double now)
    {
        lock (_gate)
        {
            _latest = cameras;
            foreach (var camera in cameras)
            {
                if (!_lastProgress.TryGetValue(camera.Name, out var last))
                {
                    // Counted from the camera's first frame: starting up (models loading) is not a stall.
                    if (camera.FramesProcessed > 0) _lastProgress[camera.Name] = (camera.FramesProcessed, now);
                    continue;
                }
                if (camera.FramesProcessed == last.Processed) continue;
                if (now - last.At > StallThreshold.TotalSeconds) _stalls.Add(new Stall(camera.Name, last.At, now));
                _lastProgress[camera.Name] = (camera.FramesProcessed, now);
            }
        }
    }
}
