using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text.Json;
using FaceActors.Host.Tests.Http;
using Xunit.Abstractions;

namespace FaceActors.Host.Tests.Cluster;

/// <summary>
/// A node of three killed with kill -9, then started again: its cameras run on the survivors within the down-removal
/// margin plus 10 s, never on two nodes at once, and go on naming people; when it returns it gets its share back, and
/// no camera is away for more than 10 s. The node killed is the youngest; the oldest also runs the shard coordinator
/// and the gallery, which wait out the margin once more as they move (`bench cluster` measures both).
/// </summary>
[Collection(LoopbackClusters.Name)]
public sealed class ClusterFailoverSpecs(LoopbackCluster cluster, ITestOutputHelper output) : IClassFixture<LoopbackCluster>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task A_node_killed_hands_its_cameras_to_the_survivors_in_time_and_takes_its_share_back_when_it_returns()
    {
        var (victim, survivor) = (cluster.Nodes[2], cluster.Nodes[0]);
        var placement = await RunningProgram.EventuallyAsync(cluster.PlacementAsync,
            p => p.Count == LoopbackCluster.Cameras && p.Values.GroupBy(n => n).All(g => g.Count() == 2) && p.Values.Distinct().Count() == 3,
            Patience, "two cameras on each node");
        await EnrolObamaAsync(survivor);
        await RunningProgram.EventuallyAsync(() => Task.FromResult(ClusterSpecs.NamedNow(survivor.Events(), "obama")),
            cameras => cameras.Count == LoopbackCluster.Cameras, Patience, "obama named on every camera");
        var moving = placement.Where(p => p.Value == victim.Address).Select(p => p.Key).ToList();

        using var watch = new PlacementWatch(survivor);
        var clock = Stopwatch.StartNew();
        victim.Kill();
        var killedAt = DateTimeOffset.UtcNow;
        var survivors = cluster.Nodes.Where(n => n != victim).Select(n => n.Address).ToHashSet();
        var handedOver = await watch.UntilAsync(s => moving.All(c => s.Online(c).Count == 1 && survivors.Contains(s.Online(c)[0])), Patience, "the killed node's cameras online on the survivors");
        output.WriteLine($"kill -9 of {victim.Name}: its cameras {string.Join(", ", moving)} online on the survivors {handedOver.TotalSeconds:0.0} s later");
        var limit = LoopbackCluster.DownRemovalMargin + TimeSpan.FromSeconds(10);
        Assert.True(handedOver <= limit, $"handed over in {handedOver.TotalSeconds:0.0} s, more than {limit.TotalSeconds} s\n{cluster.Logs()}");

        // Recognitions go on: the moved cameras' new tracks are named on the survivors.
        await RunningProgram.EventuallyAsync(() => Task.FromResult(survivor.Events().Where(e => e.GetProperty("type").GetString() == "identity_assigned"
                && moving.Contains(e.GetProperty("camera").GetString()!) && survivors.Contains(e.GetProperty("node").GetString()!)
                && e.GetProperty("at").GetDateTimeOffset() > killedAt).Select(e => e.GetProperty("camera").GetString()).Distinct().Count()),
            named => named == moving.Count, TimeSpan.FromSeconds(30), "obama named again on the moved cameras");

        // Between the hand-over and the node's return, no two nodes emit for the same camera in the same second.
        var settled = killedAt + handedOver;
        var returning = DateTimeOffset.UtcNow;
        var doubled = survivor.Events().Where(e => e.GetProperty("at").GetDateTimeOffset() is var at && at > settled && at < returning)
            .GroupBy(e => (Camera: e.GetProperty("camera").GetString(), Second: e.GetProperty("at").GetDateTimeOffset().ToUnixTimeSeconds()))
            .Where(g => g.Select(e => e.GetProperty("node").GetString()).Distinct().Count() > 1).Select(g => g.Key).ToList();
        Assert.Empty(doubled);

        victim.Start();
        await victim.ReadyAsync(Patience);
        var restartedAt = watch.Elapsed;
        await watch.UntilAsync(s => s.Cameras.Count(c => s.Online(c).SequenceEqual([victim.Address])) == 2
            && s.Cameras.All(c => s.Online(c).Count == 1), Patience, "the returned node running two cameras again");
        var rebalanced = watch.Elapsed - restartedAt;
        // Readings on both sides of every move, so that an absence shows as the gap between two of them.
        await Task.Delay(TimeSpan.FromSeconds(3));
        var longestGap = watch.LongestAbsence(since: restartedAt);
        output.WriteLine($"{victim.Name} back: two cameras again {rebalanced.TotalSeconds:0.0} s after it was ready; the longest time a camera was online nowhere: {longestGap.TotalSeconds:0.0} s");
        Assert.True(longestGap <= TimeSpan.FromSeconds(10), $"a camera was away {longestGap.TotalSeconds:0.0} s during the rebalance\n{cluster.Logs()}");

        // After the hand-over settled, through the return too, no camera was ever listed online on two nodes.
        Assert.Empty(watch.Doubled(since: handedOver));
    }

    private static async Task EnrolObamaAsync(ClusterNode node)
    {
        using var form = new MultipartFormDataContent();
        form.Add(new StringContent("obama"), "name");
        var photo = new ByteArrayContent(await File.ReadAllBytesAsync(LoopbackCluster.ObamaPhoto));
        photo.Headers.ContentType = new MediaTypeHeaderValue("image/jpeg");
        form.Add(photo, "photo", "obama.jpg");
        using var enrolled = await node.Http.PostAsync("api/gallery", form);
        Assert.True(enrolled.IsSuccessStatusCode, await enrolled.Content.ReadAsStringAsync());
    }
}

/// <summary>A node's /api/cameras read every 250 ms in the background, each reading kept with the time it was taken.</summary>
internal sealed class PlacementWatch : IDisposable
{
    internal sealed record Snapshot(TimeSpan At, IReadOnlyList<ListedCamera> Listed)
    {
        public IEnumerable<string> Cameras => Listed.Select(c => c.Name).Distinct();

        /// <summary>The nodes that list the camera online.</summary>
        public IReadOnlyList<string> Online(string camera) => Listed.Where(c => c.Name == camera && c is { State: "online", Node: not null }).Select(c => c.Node!).ToList();
    }

    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly List<Snapshot> _snapshots = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _watching;

    public PlacementWatch(ClusterNode node) => _watching = Task.Run(async () =>
    {
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                var listed = await node.CamerasAsync();
                lock (_snapshots) _snapshots.Add(new Snapshot(_clock.Elapsed, listed));
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException or JsonException)
            {
            }
            await Task.Delay(250);
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
