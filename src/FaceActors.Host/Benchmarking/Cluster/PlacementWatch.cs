using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using FaceActors.Pipeline.Cameras;

namespace FaceActors.Host.Benchmarking.Cluster;

/// <summary>
/// A cluster node's /api/cameras read every 250 ms in the background, each reading kept with the time it was taken:
/// where every camera ran, as an operator would have seen it. `bench cluster` and the cluster specs time hand-overs with it.
/// </summary>
internal sealed class PlacementWatch : IDisposable
{
    public static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(250);

    internal sealed record Snapshot(TimeSpan At, IReadOnlyList<CameraReport> Listed)
    {
        public IEnumerable<string> Cameras => Listed.Select(c => c.Name).Distinct();

        /// <summary>The nodes that list the camera online.</summary>
        public IReadOnlyList<string> Online(string camera) =>
            Listed.Where(c => c.Name == camera && c is { State: "online", Node: not null }).Select(c => c.Node!).ToList();
    }

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly List<Snapshot> _snapshots = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _watching;

    /// <param name="node">A client whose base address is a node's HTTP address.</param>
    public PlacementWatch(HttpClient node) => _watching = Task.Run(async () =>
    {
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                var listed = await node.GetFromJsonAsync<List<CameraReport>>("api/cameras", Json, _stop.Token) ?? [];
                lock (_snapshots) _snapshots.Add(new Snapshot(_clock.Elapsed, listed));
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException or JsonException)
            {
            }
            try
            {
                await Task.Delay(Interval, _stop.Token);
            }
            catch (TaskCanceledException)
            {
            }
        }
    });

    public TimeSpan Elapsed => _clock.Elapsed;

    /// <summary>Waits for a reading that satisfies <paramref name="condition"/>; returns when it was taken.</summary>
    public async Task<TimeSpan> UntilAsync(Func<Snapshot, bool> condition, TimeSpan patience, string what)
    {
        var from = _clock.Elapsed;
        while (_clock.Elapsed - from < patience)
        {
            Snapshot? found;
            lock (_snapshots) found = _snapshots.FirstOrDefault(s => s.At >= from && condition(s));
            if (found is not null) return found.At;
            await Task.Delay(100);
        }
        throw new TimeoutException($"{what} did not happen within {patience.TotalSeconds:0} s");
    }

    /// <summary>The longest time, since <paramref name="since"/>, between two readings that showed a camera online, for any camera.</summary>
    public TimeSpan LongestAbsence(TimeSpan since)
    {
        List<Snapshot> snapshots;
        lock (_snapshots) snapshots = _snapshots.Where(s => s.At >= since).ToList();
        var longest = TimeSpan.Zero;
        foreach (var camera in snapshots.SelectMany(s => s.Cameras).Distinct())
        {
            var seen = snapshots.Where(s => s.Online(camera).Count > 0).Select(s => s.At).ToList();
            for (var i = 1; i < seen.Count; i++) longest = TimeSpan.FromTicks(Math.Max(longest.Ticks, (seen[i] - seen[i - 1]).Ticks));
        }
        return longest;
    }

    /// <summary>Readings, since <paramref name="since"/>, in which a camera was online on two nodes.</summary>
    public IReadOnlyList<string> Doubled(TimeSpan since)
    {
        lock (_snapshots)
            return _snapshots.Where(s => s.At >= since).SelectMany(s => s.Cameras.Where(c => s.Online(c).Count > 1)
                .Select(c => $"{s.At.TotalSeconds:0.0} s: {c} on {string.Join(" and ", s.Online(c))}")).ToList();
    }

    public void Dispose()
    {
        _stop.Cancel();
        _watching.Wait(TimeSpan.FromSeconds(15));
        _stop.Dispose();
    }
}
