namespace FaceActors.Pipeline.Cameras;

/// <summary>
/// One camera's frame counts, kept across restarts. Written by the camera's stream and read by whoever
/// reports metrics, from any thread.
/// </summary>
public sealed class CameraCounters
{
    private long _captured;
    private long _processed;
    private long _dropped;
    private long _failed;
    private long _decodeErrors;
    private long _reconnects;
    private int _state = (int)CameraState.Reconnecting;
    private int _activeTracks;
    private int _framesInFlight;

    /// <summary>Frames the source delivered; also the last frame's sequence number.</summary>
    public long FramesCaptured => Interlocked.Read(ref _captured);

    /// <summary>Frames that went through the whole pipeline (the tracker has taken them).</summary>
    public long FramesProcessed => Interlocked.Read(ref _processed);

    /// <summary>Frames replaced by a newer one before downstream asked for them.</summary>
    public long FramesDropped => Interlocked.Read(ref _dropped);

    /// <summary>Frames a pipeline step failed on (a timed-out Ask, a model that threw); each was dropped, and the stream went on.</summary>
    public long FramesFailed => Interlocked.Read(ref _failed);

    /// <summary>Parts of the stream that did not decode to an image and were skipped.</summary>
    public long DecodeErrors => Interlocked.Read(ref _decodeErrors);

    /// <summary>Times the camera failed, stalled or ended and was restarted.</summary>
    public long Reconnects => Interlocked.Read(ref _reconnects);

    /// <summary>The camera's state now; Reconnecting until its first frame.</summary>
    public CameraState State => (CameraState)Volatile.Read(ref _state);

    /// <summary>Frames alive now anywhere (the source, the latest-frame buffer, the stream, a model's mailbox): the camera's frame memory in frames.</summary>
    public int FramesInFlight => Volatile.Read(ref _framesInFlight);

    /// <summary>Confirmed tracks the camera's tracker follows now.</summary>
    public int ActiveTracks => Volatile.Read(ref _activeTracks);

    internal long NextSequence() => Interlocked.Increment(ref _captured);

    public void FrameProcessed() => Interlocked.Increment(ref _processed);

    public void TracksNow(int active) => Volatile.Write(ref _activeTracks, active);

    internal void FramesInFlightNow(int frames) => Volatile.Write(ref _framesInFlight, frames);

    internal void StateChanged(CameraState state)
    {
        if (state == CameraState.Reconnecting && Volatile.Read(ref _state) == (int)CameraState.Online) Interlocked.Increment(ref _reconnects);
        Volatile.Write(ref _state, (int)state);
    }

    internal void FrameDropped() => Interlocked.Increment(ref _dropped);

    public void FrameFailed() => Interlocked.Increment(ref _failed);

    internal void DecodeFailed() => Interlocked.Increment(ref _decodeErrors);
}
