using FaceActors.Recognition.Matching;
using FaceActors.Vision.Detection;
using FaceActors.Vision.FaceAnalysis;
using FaceActors.Vision.Liveness;

namespace FaceActors.Pipeline.Tracking;

/// <summary>A face found in a frame, what the matcher made of it, and how fit it was for matching.</summary>
public sealed record RecognizedFace(FaceDetection Detection, FaceMatch Match, FaceQuality Quality)
{
    /// <summary>The liveness verdict when faceactors.liveness is on; a suspected spoof is never matched.</summary>
    public LivenessVerdict? Liveness { get; init; }
}

/// <summary>
/// What one processed frame contributes to the tracker.
/// </summary>
/// <param name="Persons">Person boxes when the gate ran YOLO on this frame; null when it did not (the tracker then predicts).</param>
/// <param name="Faces">Faces when face detection ran on this frame; null when it did not.</param>
public sealed record TrackerObservation(string CameraId, long FrameSequence, DateTimeOffset At,
    IReadOnlyList<PersonDetection>? Persons, IReadOnlyList<RecognizedFace>? Faces)
{
    /// <summary>Whether the reply should list the tracks: only when the frame is shown to a viewer, who sees them drawn.</summary>
    public bool TracksWanted { get; init; }
}
