using FaceActors.Pipeline.Cameras;
using FaceActors.Pipeline.Gating;
using FaceActors.Pipeline.Tracking;
using FaceActors.Recognition.Matching;
using FaceActors.Vision.Detection;
using OpenCvSharp;

namespace FaceActors.Pipeline.Streams;

/// <summary>
/// The work a camera's frames go through, each step an asynchronous call (in the running system, an Ask
/// to the actor that owns that step's state or model). Keeping the stream's shape apart from the actors'
/// messages lets the same flow run against actors in production and be tested stage by stage.
/// The tracker step gets the frame beside its observation, alive until the step completes, so that a viewer can be
/// shown it with what the tracker made of it (<see cref="ITrackedFrameObserver"/>).
/// </summary>
public sealed record PipelineStages(
    Func<CameraFrame, Task<GateDecision>> Gate,
    Func<Mat, Task<IReadOnlyList<FaceDetection>>> DetectFaces,
    Func<Mat, IReadOnlyList<FaceDetection>, Task<IReadOnlyList<float[]>>> EmbedFaces,
    Func<float[], FaceMatch> Match,
    Func<CameraFrame, TrackerObservation, Task<IReadOnlyList<TrackEvent>>> Track);
