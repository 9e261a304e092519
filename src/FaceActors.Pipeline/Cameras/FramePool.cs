using OpenCvSharp;

namespace FaceActors.Pipeline.Cameras;

/// <summary>
/// One camera's frame buffers (BGR, the camera's output size), reused instead of allocated and freed for every frame:
/// at 15 fps a 640x480 camera would otherwise allocate and free 14 MB of native memory a second, which glibc's
/// allocator keeps in arenas that grow with the number of cameras. A frame in flight (in the stream, in an inference
/// actor's mailbox, in the latest-frame buffer) holds its buffer; a released one comes back here.
/// </summary>
/// <remarks>Thread-safe: sources rent on their threads, and the last holder of a frame returns it on its own.</remarks>
public sealed class FramePool : IDisposable
{
    private readonly Lock _lock = new();
    private readonly Stack<Mat> _idle = new();
    private readonly int _maxIdle;
    private readonly CameraCounters? _counters;
    private int _rented;
    private bool _disposed;

    /// <param name="maxIdle">Buffers kept for reuse at most; a camera has only a few frames in flight at once.</param>
    /// <param name="counters">Where the frames in flight are counted for the camera's metrics, or null.</param>
    public FramePool(int width, int height, int maxIdle = 8, CameraCounters? counters = null)
    {
        _counters = counters;
        if (width <= 0 || height <= 0) throw new ArgumentOutOfRangeException(nameof(width), $"A frame pool needs a positive size, not {width}x{height}.");
        Width = width;
        Height = height;
        _maxIdle = maxIdle;
    }

    /// <summary>A pool for the frames of <paramref name="camera"/> (its output size).</summary>
    public static FramePool For(CameraSettings camera, CameraCounters? counters = null) => new(camera.Width, camera.Height, counters: counters);

    public int Width { get; }

    public int Height { get; }

    /// <summary>Buffers rented and not yet returned: frames alive somewhere. Zero once a stopped camera's frames are all released.</summary>
    public int Outstanding
    {
        get
        {
            lock (_lock) return _rented;
        }
    }

    /// <summary>A BGR buffer of the pool's size, its pixels whatever they were (the caller overwrites them all).</summary>
    public Mat Rent()
    {
        lock (_lock)
        {
            _rented++;
            _counters?.FramesInFlightNow(_rented);
            if (_idle.TryPop(out var idle)) return idle;
        }
        return new Mat(Height, Width, MatType.CV_8UC3);
    }

    /// <summary>A frame over a rented buffer; it returns here when its last holder releases it.</summary>
    public CameraFrame Frame(string cameraId, long sequence, DateTimeOffset capturedAt, Mat rented) =>
        CameraFrame.Pooled(cameraId, sequence, capturedAt, rented, this);

    internal void Return(Mat buffer)
    {
        lock (_lock)
        {
            _rented--;
            _counters?.FramesInFlightNow(_rented);
            var reusable = !_disposed && _idle.Count < _maxIdle && !buffer.IsDisposed
                && buffer.Width == Width && buffer.Height == Height && buffer.Type() == MatType.CV_8UC3;
            if (reusable)
            {
                _idle.Push(buffer);
                return;
            }
        }
        buffer.Dispose();
    }

    /// <summary>Frees the idle buffers; buffers still out are freed as they come back.</summary>
    public void Dispose()
    {
        lock (_lock)
        {
            _disposed = true;
            while (_idle.TryPop(out var idle)) idle.Dispose();
        }
    }
}
