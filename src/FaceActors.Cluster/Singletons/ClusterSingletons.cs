using Akka.Actor;
using Akka.Cluster.Tools.Singleton;

namespace FaceActors.Cluster.Singletons;

/// <summary>
/// An actor the whole cluster runs once, through Akka's cluster singleton: on the oldest node, moved to the next oldest
/// when that node leaves or is downed. Every node reaches it through a proxy, which buffers messages while it moves.
/// The gallery's writer runs this way, so that one node writes its journal and every node's view follows it.
/// </summary>
public static class ClusterSingletons
{
    /// <summary>Starts this node's singleton manager under <paramref name="name"/> (the singleton runs below it) and returns the proxy.</summary>
    public static IActorRef Start(ActorSystem system, Props props, string name)
    {
        system.ActorOf(ClusterSingletonManager.Props(props, PoisonPill.Instance, ClusterSingletonManagerSettings.Create(system)), name);
        return system.ActorOf(ClusterSingletonProxy.Props($"/user/{name}", ClusterSingletonProxySettings.Create(system)), $"{name}-proxy");
    }
}
