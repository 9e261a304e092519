using OpenCvSharp;

namespace FaceActors.Pipeline.Cameras;

/// <summary>
/// One holder's claim on a decoded BGR frame from a camera. The pixels are shared by reference count: the stream holds
/// the frame it was given, and a stage that hands the pixels to an actor which may outlive the stream's wait (an Ask
/// that times out) gives it a <see cref="Share"/> of its own, which that actor releases when it is done. The pixels go
/// back to the camera's <see cref="FramePool"/> (or are freed) only when the last holder lets go, so a model never
/// reads freed memory, however late it gets to a frame.
/// </summary>
/// <remarks>Every handle is released exactly once by whoever holds it: <see cref="Dispose"/> is idempotent per handle.</remarks>
public sealed class CameraFrame : IDisposable
{
    private readonly FrameBuffer _buffer;
    private int _released;

    /// <summary>A frame that owns <paramref name="image"/>: it is disposed when the last holder lets go.</summary>
    public CameraFrame(string cameraId, long sequence, DateTimeOffset capturedAt, Mat image)
        : this(cameraId, sequence, capturedAt, new FrameBuffer(image, pool: null))
    {
    }

    private CameraFrame(string cameraId, long sequence, DateTimeOffset capturedAt, FrameBuffer buffer)
    {
        CameraId = cameraId;
        Sequence = sequence;
        CapturedAt = capturedAt;
        _buffer = buffer;
    }

    /// <summary>A frame whose pixels are rented from <paramref name="pool"/> and go back to it.</summary>
    internal static CameraFrame Pooled(string cameraId, long sequence, DateTimeOffset capturedAt, Mat image, FramePool pool) =>
        new(cameraId, sequence, capturedAt, new FrameBuffer(image, pool));

    public string CameraId { get; }

    /// <summary>Frames captured by this camera so far, from 1, across restarts.</summary>
    public long Sequence { get; }

    public DateTimeOffset CapturedAt { get; }

    /// <summary>The pixels. Valid until this handle is released.</summary>
    public Mat Image => Volatile.Read(ref _released) == 0
        ? _buffer.Image
        : throw new ObjectDisposedException(nameof(CameraFrame), $"Frame {Sequence} of camera '{CameraId}' was already released by this holder.");

    /// <summary>
    /// Whether this handle is the only claim left on the pixels. For an actor holding a <see cref="Share"/>, true means
    /// the stream that asked has let go (its Ask timed out or failed): nobody waits for the answer.
    /// </summary>
    public bool IsOnlyHolder => _buffer.Holders == 1;

    /// <summary>A second handle on the same pixels, for a holder that releases it on its own schedule.</summary>
    public CameraFrame Share()
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _released) != 0, this);
        _buffer.AddHolder();
        return new CameraFrame(CameraId, Sequence, CapturedAt, _buffer);
    }

    /// <summary>This handle, renamed and renumbered by its camera: the claim moves to the new handle, and this one is spent.</summary>
    internal CameraFrame Renumbered(string cameraId, long sequence)
    {
        if (Interlocked.Exchange(ref _released, 1) != 0) throw new ObjectDisposedException(nameof(CameraFrame));
        return new CameraFrame(cameraId, sequence, CapturedAt, _buffer);
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _released, 1) == 0) _buffer.Release();
    }

    /// <summary>The pixels and how many handles still hold them.</summary>
    private sealed class FrameBuffer(Mat image, FramePool? pool)
    {
        private int _holders = 1;

        public Mat Image { get; } = image;

        public int Holders => Volatile.Read(ref _holders);

        public void AddHolder()
        {
            // A handle can only be shared while it holds a claim, so the count is at least 1 here.
            Interlocked.Increment(ref _holders);
        }

        public void Release()
        {
            if (Interlocked.Decrement(ref _holders) != 0) return;
            if (pool is null) Image.Dispose();
            else pool.Return(Image);
        }
    }
}
