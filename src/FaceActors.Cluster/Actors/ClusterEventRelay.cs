using Akka;
using Akka.Actor;
using Akka.Cluster.Tools.PublishSubscribe;
using Akka.Event;
using Akka.Streams;
using Akka.Streams.Dsl;
using FaceActors.Cluster.Events;
using FaceActors.Pipeline.Tracking;

namespace FaceActors.Cluster.Actors;

/// <summary>
/// Every node's events into this node's event hub: subscribed to <see cref="ClusterEvents.Topic"/>, it offers each
/// event to a bounded queue in front of the hub. Publishing does not wait for subscribers, so a node whose consumers
/// fall behind drops here, counted in <see cref="Dropped"/> (a metric), rather than slow the cameras of other nodes.
/// </summary>
public sealed class ClusterEventRelay : ReceiveActor
{
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly Sink<TrackEvent, NotUsed> _hub;
    private readonly int _bufferSize;
    private readonly DroppedEvents _dropped;
    private ISourceQueueWithComplete<TrackEvent>? _queue;

    /// <summary>Events this node's relay dropped because its hub's queue was full; read from any thread.</summary>
    public sealed class DroppedEvents
    {
        private long _count;

        public long Count => Interlocked.Read(ref _count);

        internal void One() => Interlocked.Increment(ref _count);
    }

    public ClusterEventRelay(Sink<TrackEvent, NotUsed> hub, int bufferSize, DroppedEvents dropped)
    {
        _hub = hub;
        _bufferSize = bufferSize;
        _dropped = dropped;
        Receive<SubscribeAck>(_ => _log.Info("Receiving the track events of every node of the cluster"));
        // With DropNew an offer completes at once, enqueued or dropped, so offers need not wait for each other.
        Receive<TrackEvent>(e => _queue!.OfferAsync(e).ContinueWith(offer =>
        {
            if (offer.IsFaulted || offer.Result is not QueueOfferResult.Enqueued) _dropped.One();
        }, TaskContinuationOptions.ExecuteSynchronously));
    }

    protected override void PreStart()
    {
        _queue = Source.Queue<TrackEvent>(_bufferSize, OverflowStrategy.DropNew).To(_hub).Run(Context.Materializer());
        DistributedPubSub.Get(Context.System).Mediator.Tell(new Subscribe(ClusterEvents.Topic, Self));
    }

    protected override void PostStop() => _queue?.Complete();

    public static Props Props(Sink<TrackEvent, NotUsed> hub, int bufferSize, DroppedEvents dropped) =>
        Akka.Actor.Props.Create(() => new ClusterEventRelay(hub, bufferSize, dropped));
}
