using FaceActors.Host.Benchmarking.Cluster;
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
    [Fact]
    public async Task A_node_killed_hands_its_cameras_to_the_survivors_in_time_and_takes_its_share_back_when_it_returns()
    {
        var (victim, survivor) = (cluster.Nodes[2], cluster.Nodes[0]);
        var placement = await cluster.EvenPlacementAsync();
        await LoopbackCluster.EnrolObamaAsync(survivor);
        await RunningProgram.EventuallyAsync(() => Task.FromResult(ClusterSpecs.NamedNow(survivor.Events(), "obama")),
            cameras => cameras.Count == LoopbackCluster.Cameras, LoopbackCluster.Patience, "obama named on every camera");
        var moving = placement.Where(p => p.Value == victim.Address).Select(p => p.Key).ToList();

        using var watch = new PlacementWatch(survivor.Http);
        victim.Kill();
        var killedAt = DateTimeOffset.UtcNow;
        var survivors = cluster.Nodes.Where(n => n != victim).Select(n => n.Address).ToHashSet();
        var handedOver = await watch.UntilAsync(s => moving.All(c => s.Online(c).Count == 1 && survivors.Contains(s.Online(c)[0])), LoopbackCluster.Patience, "the killed node's cameras online on the survivors");
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
        await victim.ReadyAsync(LoopbackCluster.Patience);
        var restartedAt = watch.Elapsed;
        await watch.UntilAsync(s => s.Cameras.Count(c => s.Online(c).SequenceEqual([victim.Address])) == 2
            && s.Cameras.All(c => s.Online(c).Count == 1), LoopbackCluster.Patience, "the returned node running two cameras again");
        var rebalanced = watch.Elapsed - restartedAt;
        // Readings on both sides of every move, so that an absence shows as the gap between two of them.
        await Task.Delay(TimeSpan.FromSeconds(3));
        var longestGap = watch.LongestAbsence(since: restartedAt);
        output.WriteLine($"{victim.Name} back: two cameras again {rebalanced.TotalSeconds:0.0} s after it was ready; the longest time a camera was online nowhere: {longestGap.TotalSeconds:0.0} s");
        Assert.True(longestGap <= TimeSpan.FromSeconds(10), $"a camera was away {longestGap.TotalSeconds:0.0} s during the rebalance\n{cluster.Logs()}");

        // After the hand-over settled, through the return too, no camera was ever listed online on two nodes.
        Assert.Empty(watch.Doubled(since: handedOver));
    }
}
