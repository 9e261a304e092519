using Akka;
using Akka.Streams;
using Akka.Streams.Dsl;
using FaceActors.Pipeline.Tracking;

namespace FaceActors.Pipeline.Events;

/// <summary>
/// The process's event stream: every camera's pipeline runs into <see cref="Sink"/>, and any number of
/// consumers (the JSON-lines writer, later the HTTP event stream) attach to <see cref="Source"/>. A slow
/// consumer backpressures only itself up to the hub's buffer, then the hub, never the other cameras'
/// inference: cameras drop frames, not events.
/// </summary>
public sealed class TrackEventHub
{
    public Sink<TrackEvent, NotUsed> Sink { get; }
    public Source<TrackEvent, NotUsed> Source { get; }

    public TrackEventHub(IMaterializer materializer, int bufferSize = 256)
    {
        var (sink, source) = MergeHub.Source<TrackEvent>(perProducerBufferSize: 16)
            .ToMaterialized(BroadcastHub.Sink<TrackEvent>(bufferSize), Keep.Both)
            .Run(materializer);
        Sink = sink;
        Source = source;
        // A broadcast hub with no consumer holds its buffer and backpressures; one always-on drain keeps it flowing.
        Source.RunWith(Akka.Streams.Dsl.Sink.Ignore<TrackEvent>(), materializer);
    }
}
