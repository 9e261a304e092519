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
