using FaceActors.Pipeline.Actors;
using FaceActors.Pipeline.Cameras;
using FaceActors.Pipeline.Gating;
using FaceActors.Pipeline.Tracking;
using FaceActors.Recognition.Matching;
using FaceActors.Vision.Detection;
using FaceActors.Vision.Liveness;

namespace FaceActors.Pipeline.Streams;

/// <summary>
/// The work a camera's frames go through, each step an asynchronous call (in the running system, an Ask
/// to the actor that owns that step's state or model). Keeping the stream's shape apart from the actors'
/// messages lets the same flow run against actors in production and be tested stage by stage.
/// A step gets the <see cref="CameraFrame"/> itself; one that hands the pixels to an actor gives it a
/// <see cref="CameraFrame.Share"/>, so the stream may give up on the step (a timeout) and release its own claim safely.
/// <see cref="WantsFrame"/> is asked once a frame's faces are recognised: when it says yes (someone watches the
/// camera), the tracker step gets the frame beside its observation, alive until the step completes, to show it with
/// what the tracker made of it (<see cref="ITrackedFrameObserver"/>); otherwise it gets null, and the frame was released
/// at once, so an unwatched camera holds no frame longer than the recognition needs.
/// </summary>
/// <param name="ExpireTracks">The tracker step when no frame comes: every <see cref="ExpiryInterval"/> the tracks unseen
/// past their time to live end by the clock, and when the camera's frames end every open track ends.</param>
public sealed record PipelineStages(
    Func<CameraFrame, Task<GateDecision>> Gate,
    Func<CameraFrame, Task<IReadOnlyList<FaceDetection>>> DetectFaces,
    Func<CameraFrame, IReadOnlyList<FaceDetection>, Task<IReadOnlyList<EmbeddedFace>>> EmbedFaces,
    Func<float[], FaceMatch> Match,
    Func<CameraFrame?, TrackerObservation, Task<IReadOnlyList<TrackEvent>>> Track,
    Func<TrackExpiry, Task<IReadOnlyList<TrackEvent>>> ExpireTracks,
    Func<string, bool>? WantsFrame = null)
{
    /// <summary>
    /// Liveness (faceactors.liveness), or null when it is off: after face detection, a verdict per face. A face suspected
    /// to be a spoof is neither embedded nor matched; the tracker reports it and never names it.
    /// </summary>
    public Func<CameraFrame, IReadOnlyList<FaceDetection>, Task<IReadOnlyList<LivenessVerdict>>>? CheckLiveness { get; init; }

    /// <summary>Where every matched face is offered with its crop, for the face library; null: none.</summary>
    public IFaceReviewSink? Review { get; init; }

    /// <summary>How often the tracks are checked against the clock while no frame comes.</summary>
    public TimeSpan ExpiryInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Told of a step that failed (an Ask that timed out, a model that threw), with the frame's sequence, or null for a
    /// tracker tick without a frame: the frame is released and dropped, and the camera's stream goes on with the next one.
    /// </summary>
    public Action<long?, Exception>? StepFailed { get; init; }
}
