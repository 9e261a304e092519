using Akka;
using Akka.Actor;
using Akka.Cluster.Tools.PublishSubscribe;
using Akka.Streams.Dsl;
using FaceActors.Pipeline.Tracking;

namespace FaceActors.Cluster.Events;

/// <summary>
/// Track events across the cluster, through Akka's Distributed PubSub: each node publishes the events of the cameras it
/// runs, stamped with its name, to one topic, and every node (itself included) subscribes with a
/// <see cref="ClusterEventRelay"/>. So any node's event feed, SSE stream and JSON lines see every camera, while what
/// must happen once per event (the recognition log) is done by the node that ran the camera, before publishing.
/// </summary>
public static class ClusterEvents
{
    public const string Topic = "faceactors-track-events";

    /// <summary>The node's name in events: its host and port, as the other nodes reach it.</summary>
    public static string NodeName(ActorSystem system)
    {
        var address = Akka.Cluster.Cluster.Get(system).SelfAddress;
        return $"{address.Host}:{address.Port}";
    }

    /// <summary>The sink this node's cameras run into: each event is stamped with the node, then goes on to <paramref name="local"/>.</summary>
    public static Sink<TrackEvent, NotUsed> Stamped(Sink<TrackEvent, NotUsed> local, string node) =>
        Flow.Create<TrackEvent>().Select(e => e with { Node = node }).To(local);

    /// <summary>A consumer that publishes each event to every node. Returns at once: the mediator sends it on.</summary>
    public static Action<TrackEvent> Publisher(ActorSystem system)
    {
        var mediator = DistributedPubSub.Get(system).Mediator;
        return e => mediator.Tell(new Publish(Topic, e));
    }
}
