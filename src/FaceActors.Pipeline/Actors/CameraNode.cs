using Akka.Streams.Dsl;
using FaceActors.Pipeline.Gating;
using FaceActors.Pipeline.Streams;
using FaceActors.Pipeline.Telemetry;
using FaceActors.Pipeline.Tracking;

namespace FaceActors.Pipeline.Actors;

/// <summary>
/// What every camera of a node shares, so that a camera needs only its own settings besides: the models, the gate and
/// tracker options, the node's event sink and metrics, and who watches its frames. Frames never leave the node that
/// runs the camera, so none of this crosses the network.
/// </summary>
/// <param name="Processed">Told of every frame a camera finishes (the benchmarks), or null.</param>
/// <param name="Tracked">Shown the frames it wants, with their tracks (the live view), or null.</param>
public sealed record CameraNode(SharedInference Inference, GateOptions Gate, TrackerOptions Tracker, Sink<TrackEvent, Akka.NotUsed> Events,
    PipelineMetrics Metrics, IProcessedFrameObserver? Processed = null, ITrackedFrameObserver? Tracked = null)
{
    /// <summary>Where matched faces go for the face library, with their crops; null keeps no face past its frame.</summary>
    public IFaceReviewSink? Review { get; init; }
}
