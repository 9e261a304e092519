namespace FaceActors.Pipeline.Cameras;

/// <summary>
/// One camera's frame counts, kept across restarts. Written by the camera's stream and read by whoever
/// reports metrics, from any thread.
/// </summary>
public sealed class CameraCounters
{
    private long _captured;
    private long _dropped;
    private long _decodeErrors;

    /// <summary>Frames the source delivered; also the last frame's sequence number.</summary>
    public long FramesCaptured => Interlocked.Read(ref _captured);

    /// <summary>Frames replaced by a newer one before downstream asked for them.</summary>
    public long FramesDropped => Interlocked.Read(ref _dropped);

    /// <summary>Parts of the stream that did not decode to an image and were skipped.</summary>
    public long DecodeErrors => Interlocked.Read(ref _decodeErrors);

    internal long NextSequence() => Interlocked.Increment(ref _captured);

    internal void FrameDropped() => Interlocked.Increment(ref _dropped);

    internal void DecodeFailed() => Interlocked.Increment(ref _decodeErrors);
}
