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
/// <see cref="WantsFrame"/> is asked once a frame's faces are recognised: when it says yes (someone watches the
/// camera), the tracker step gets the frame beside its observation, alive until the step completes, to show it with
/// what the tracker made of it (<see cref="ITrackedFrameObserver"/>); otherwise it gets null, and the frame was released
/// at once, so an unwatched camera holds no frame longer than the recognition needs.
/// </summary>
public sealed record PipelineStages(
    Func<CameraFrame, Task<GateDecision>> Gate,
    Func<Mat, Task<IReadOnlyList<FaceDetection>>> DetectFaces,
    Func<Mat, IReadOnlyList<FaceDetection>, Task<IReadOnlyList<float[]>>> EmbedFaces,
    Func<float[], FaceMatch> Match,
    Func<CameraFrame?, TrackerObservation, Task<IReadOnlyList<TrackEvent>>> Track,
    Func<string, bool>? WantsFrame = null);
