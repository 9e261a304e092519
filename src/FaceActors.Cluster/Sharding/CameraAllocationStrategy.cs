using System.Collections.Immutable;
using Akka.Actor;
using Akka.Cluster.Sharding;

namespace FaceActors.Cluster.Sharding;

/// <summary>
/// The shard coordinator's placement of cameras (one shard each): <see cref="CameraPlacement"/> over the regions it
/// knows, with each node's limit read from its roles (<see cref="NodeCapacity"/>). When no node has room the allocation
/// fails with the reason; the coordinator logs it and the camera's region asks again, so the camera starts as soon as a
/// node with room joins.
/// </summary>
public sealed class CameraAllocationStrategy : IActorSystemDependentAllocationStrategy
{
    private Akka.Cluster.Cluster? _cluster;

    public void Start(ActorSystem system) => _cluster = Akka.Cluster.Cluster.Get(system);

    public Task<IActorRef> AllocateShard(IActorRef requester, string shardId, IImmutableDictionary<IActorRef, IImmutableList<string>> currentShardAllocations)
    {
        var nodes = Nodes(currentShardAllocations);
        return CameraPlacement.NodeFor(nodes) is { } node
            ? Task.FromResult(node.Node)
            : Task.FromException<IActorRef>(new InvalidOperationException(
                $"No node has room for camera '{shardId}': the {nodes.Count} node(s) each run faceactors.cluster.max-cameras cameras already " +
                $"({string.Join(", ", nodes.Select(n => $"{n.Key}: {n.Cameras.Count}/{n.Capacity}"))}); add a node or raise max-cameras. It starts when a node has room."));
    }

    public Task<IImmutableSet<string>> Rebalance(IImmutableDictionary<IActorRef, IImmutableList<string>> currentShardAllocations, IImmutableSet<string> rebalanceInProgress)
    {
        // One round at a time, and never while a node is joining or unreachable: its cameras' fate is not settled yet.
        var state = Cluster.State;
        if (rebalanceInProgress.Count > 0 || state.Unreachable.Count > 0 || state.Members.Any(m => m.Status is Akka.Cluster.MemberStatus.Joining or Akka.Cluster.MemberStatus.WeaklyUp))
            return Task.FromResult<IImmutableSet<string>>(ImmutableHashSet<string>.Empty);
        return Task.FromResult<IImmutableSet<string>>(CameraPlacement.CamerasToMove(Nodes(currentShardAllocations)).ToImmutableHashSet());
    }

    private Akka.Cluster.Cluster Cluster => _cluster ?? throw new InvalidOperationException("The camera allocation strategy was used before the coordinator started it.");

    private List<PlacedNode<IActorRef>> Nodes(IImmutableDictionary<IActorRef, IImmutableList<string>> allocations)
    {
        var members = Cluster.State.Members.ToDictionary(m => m.Address);
        var nodes = new List<PlacedNode<IActorRef>>();
        foreach (var (region, shards) in allocations)
        {
            var address = region.Path.Address.HasLocalScope ? Cluster.SelfAddress : region.Path.Address;
            // A region whose member this node has not heard of yet is left out of this decision, as Akka's own strategies do.
            if (!members.TryGetValue(address, out var member)) continue;
            nodes.Add(new PlacedNode<IActorRef>(region, address.ToString(), shards, NodeCapacity.Of(member.Roles),
                member.Status is Akka.Cluster.MemberStatus.Leaving or Akka.Cluster.MemberStatus.Exiting or Akka.Cluster.MemberStatus.Down));
        }
        return nodes;
    }
}
