using Akka;
using Akka.Streams;
using Akka.Streams.Dsl;
using FaceActors.Pipeline.Tracking;

namespace FaceActors.Pipeline.Events;

/// <summary>
/// The process's event stream: every camera's pipeline runs into <see cref="Sink"/>, and any number of consumers (the
/// JSON-lines writer, the HTTP event feed, the recognition log) are <see cref="Attach"/>ed. A consumer must return at
/// once (hand the event to a bounded buffer or an actor): the hub waits for the slowest consumer, and the cameras'
/// trackers wait for the hub. The hub counts what goes in and what each consumer has seen, so a stopping program can
/// <see cref="DrainAsync"/> it: every event the cameras made reaches every consumer before the consumers stop.
/// </summary>
public sealed class TrackEventHub
{
    private readonly IMaterializer _materializer;
    private readonly Source<TrackEvent, NotUsed> _source;
    private readonly List<Consumer> _consumers = [];
    private long _published;

    public TrackEventHub(IMaterializer materializer, int bufferSize = 256)
    {
        _materializer = materializer;
        var (sink, source) = MergeHub.Source<TrackEvent>(perProducerBufferSize: 16)
            .ToMaterialized(BroadcastHub.Sink<TrackEvent>(bufferSize), Keep.Both)
            .Run(materializer);
        Sink = Flow.Create<TrackEvent>().Select(e =>
        {
            Interlocked.Increment(ref _published);
            return e;
        }).To(sink);
        _source = source;
        // A broadcast hub with no consumer holds its buffer and backpressures; one always-on drain keeps it flowing.
        source.RunWith(Akka.Streams.Dsl.Sink.Ignore<TrackEvent>(), materializer);
    }

    public Sink<TrackEvent, NotUsed> Sink { get; }

    /// <summary>Events that have entered the hub so far.</summary>
    public long Published => Interlocked.Read(ref _published);

    /// <summary>
    /// Gives every event from now on to <paramref name="consume"/>, on a stream thread. Attach before the cameras start,
    /// or their first events pass by. A consumer that throws is detached, and <see cref="DrainAsync"/> names it.
    /// </summary>
    public void Attach(string name, Action<TrackEvent> consume)
    {
        var consumer = new Consumer(name);
        lock (_consumers) _consumers.Add(consumer);
        _source.RunForeach(e =>
        {
            consume(e);
            Interlocked.Increment(ref consumer.Seen);
        }, _materializer);
    }

    /// <summary>
    /// Waits, once the cameras have stopped, until every consumer has seen every event published. Returns the consumers
    /// that had not within <paramref name="timeout"/>, with the events each had not seen (empty when all is through).
    /// </summary>
    public async Task<IReadOnlyList<(string Consumer, long Unseen)>> DrainAsync(TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            List<(string, long)> behind;
            lock (_consumers) behind = _consumers.Where(c => Interlocked.Read(ref c.Seen) < Published).Select(c => (c.Name, Published - Interlocked.Read(ref c.Seen))).ToList();
            if (behind.Count == 0 || DateTime.UtcNow >= deadline) return behind;
            await Task.Delay(20);
        }
    }

    private sealed class Consumer(string name)
    {
        public readonly string Name = name;
        public long Seen;
    }
}
