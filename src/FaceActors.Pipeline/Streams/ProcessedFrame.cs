using FaceActors.Pipeline.Cameras;
using FaceActors.Pipeline.Tracking;

namespace FaceActors.Pipeline.Streams;

/// <summary>
/// A frame that went all the way through its camera's pipeline: the tracker has taken it, and the events it caused
/// (often none) leave the stream now.
/// </summary>
/// <param name="Sequence">The camera's frame number (<see cref="Cameras.CameraFrame.Sequence"/>).</param>
/// <param name="ProcessedAt">When the tracker's reply for this frame came back.</param>
public sealed record ProcessedFrame(string CameraId, long Sequence, DateTimeOffset CapturedAt, DateTimeOffset ProcessedAt)
{
    /// <summary>Capture to events: the pipeline's latency for this frame, waits behind busy stages included.</summary>
    public TimeSpan Latency => ProcessedAt - CapturedAt;
}

/// <summary>Told of every frame each camera's pipeline finishes. Called on stream threads: return quickly.</summary>
public interface IProcessedFrameObserver
{
    void OnFrameProcessed(ProcessedFrame frame);
}

/// <summary>
/// Shown frames with what the tracker made of them, for a live view. The pipeline asks <see cref="Wants"/> on every
/// frame once its faces are recognised, and keeps the frame for the tracker step only when the answer is yes, so a
/// camera nobody watches pays that call and nothing more. Called on stream threads: return quickly.
/// </summary>
public interface ITrackedFrameObserver
{
    /// <summary>Whether this camera's next frame is wanted now (someone watches, and the observer's rate allows it).</summary>
    bool Wants(string cameraId);

    /// <summary>One tracked frame. Its image is released when this returns: copy what must be kept.</summary>
    /// <param name="faces">The faces recognised on this frame, or null when face detection did not run on it.</param>
    void OnFrameTracked(CameraFrame frame, IReadOnlyList<TrackSnapshot> tracks, IReadOnlyList<RecognizedFace>? faces);
}
