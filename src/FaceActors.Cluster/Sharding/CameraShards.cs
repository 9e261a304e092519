using Akka.Actor;
using Akka.Cluster.Sharding;
using Akka.DependencyInjection;
using FaceActors.Cluster.Actors;

namespace FaceActors.Cluster.Sharding;

/// <summary>
/// The cluster's cameras as one shard region, "cameras": each configured camera is an entity keyed by its name, runs on
/// exactly one node at a time, and is remembered, so that when its node leaves or dies the coordinator starts it on a
/// survivor without being asked. Remembered in Distributed Data, not on disk: every node asks for every configured camera
/// as it joins, so a cluster that restarts as a whole starts them again from the configuration.
/// </summary>
public static class CameraShards
{
    public const string TypeName = "cameras";

    /// <summary>The sharding settings this region needs; the node's actor system is configured with them.</summary>
    public const string Config = """
        akka.cluster.sharding {
          remember-entities = on
          remember-entities-store = ddata
          state-store-mode = ddata
          # Nothing on disk: the cameras to run come from the configuration whenever the cluster starts again.
          distributed-data.durable.keys = []
          # A node that joins gets its share of cameras within seconds rather than the default ten.
          rebalance-interval = 2s
        }
        """;

    /// <summary>
    /// Provides this node's cameras to its <see cref="NodeServices"/> (from the host's dependency injection, where each
    /// entity is resolved), starts its region (once its models are loaded, so that the coordinator gives a node cameras
    /// only when it can run them) and, once the node is up, asks for every configured camera: those already running
    /// elsewhere stay there.
    /// </summary>
    public static async Task<IActorRef> StartAsync(ActorSystem system, NodeCameras node)
    {
        var resolver = DependencyResolver.For(system);
        (resolver.Resolver.GetService<NodeServices>()
            ?? throw new InvalidOperationException("The host registers no NodeServices: a cluster node's host must (HttpHost does).")).Provide(node);
        var region = await ClusterSharding.Get(system).StartAsync(TypeName, camera => resolver.Props<CameraEntityActor>(camera),
            ClusterShardingSettings.Create(system), new CameraMessageExtractor(), new CameraAllocationStrategy(), CameraEntityActor.HandOff.Instance);
        Akka.Cluster.Cluster.Get(system).RegisterOnMemberUp(() =>
        {
            foreach (var camera in node.Cameras.Keys) region.Tell(new ShardRegion.StartEntity(camera));
        });
        return region;
    }
}
