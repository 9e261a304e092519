using FaceActors.Vision.Detection;

namespace FaceActors.Pipeline.Gating;

/// <summary>Why the gate did or did not send a frame to face detection.</summary>
public enum GateReason
{
    /// <summary>The person count changed and held for the cooldown.</summary>
    CountChanged,
    /// <summary>The refresh interval passed since the last face detection.</summary>
    Refresh,
    /// <summary>The tracker asked: a track has no identity yet.</summary>
    TrackerRequest,
    /// <summary>No person detector: the scene started moving after being still for the cooldown (someone may have come in).</summary>
    MotionStarted,
    /// <summary>The gate is off (<see cref="GateOptions.EveryFrame"/>): every frame is looked at.</summary>
    EveryFrame,
    /// <summary>No person detector: the scene keeps moving and the motion-search interval has passed (someone may be coming in).</summary>
    MotionSearch,
    /// <summary>Nothing new: the count is steady (or a change has not yet held for the cooldown).</summary>
    Steady,
    /// <summary>The frame did not change enough to look at (no YOLO either).</summary>
    NoMotion,
}

/// <summary>The gate's verdict on one frame.</summary>
/// <param name="Persons">Person boxes if YOLO ran on this frame, else null.</param>
/// <param name="Motion">Fraction of the frame that changed since the previous one, 0..1.</param>
public sealed record GateDecision(long FrameSequence, GateReason Reason, IReadOnlyList<PersonDetection>? Persons, float Motion = 0)
{
    public bool RunFaceDetection => Reason is GateReason.CountChanged or GateReason.Refresh or GateReason.TrackerRequest or GateReason.MotionStarted or GateReason.MotionSearch
        or GateReason.EveryFrame;
}

/// <summary>A gate decision half made (<see cref="GatePolicy.Begin"/>): whether the person detector must look at the frame first.</summary>
public sealed record PendingDecision(long Sequence, DateTimeOffset At, float Motion, bool Moving, GateReason? Reason, bool RunsPersonDetection);
