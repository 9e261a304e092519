using System.Diagnostics;
using Akka;
using Akka.Streams.Dsl;
using Akka.Util;
using OpenCvSharp;

namespace FaceActors.Pipeline.Cameras.Sources;

/// <summary>
/// Frames from OpenCvSharp's <c>VideoCapture</c>: files (played at their own frame rate unless
/// <see cref="CameraSettings.RealTime"/> is off, looping if asked) and /dev/video* devices.
/// </summary>
public static class OpenCvFrameSource
{
    /// <summary>Completes at the end of a file that does not loop; fails when the capture cannot open or a device stops.</summary>
    /// <param name="pool">Where the frames' buffers come from (the camera's size).</param>
    public static Source<CameraFrame, NotUsed> Create(CameraSettings settings, FramePool pool) =>
        FrameReaderSource.Create(
            () => Task.Run(() => new OpenCvCapture(settings, pool)),
            capture => capture.ReadAsync(),
            capture => capture.CloseAsync());
}

internal sealed class OpenCvCapture
{
    // cv::CAP_PROP_N_THREADS (OpenCV 4.7+, FFmpeg back-end), which OpenCvSharp's enum does not name. One decoding thread
    // per camera: FFmpeg's default decodes frames in parallel threads that each hold frames of their own, which cost
    // about 5 MB of resident memory per camera (8 cameras: 8 more threads, 42 MB more; docs/benchmarks.md) to speed up
    // a decode that takes about a millisecond at 640x480.
    private const int DecodingThreadsProperty = 70;

    private readonly CameraSettings _settings;
    private readonly FramePool _pool;
    private readonly Mat _decoded = new();
    private readonly Size _outputSize;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private VideoCapture _capture;
    private TimeSpan _frameInterval;
    private long _frames;
    private readonly PendingRead _reading = new();
    private bool _decodesAtOutputSize;

    public OpenCvCapture(CameraSettings settings, FramePool pool)
    {
        _settings = settings;
        _pool = pool;
        _outputSize = new Size(settings.Width, settings.Height);
        _capture = Open();
    }

    public Task<Option<CameraFrame>> ReadAsync() => _reading.Start(ReadPacedAsync);

    private async Task<Option<CameraFrame>> ReadPacedAsync()
    {
        if (_settings.IsFile && _settings.RealTime)
        {
            // Frame n is due n - 1 intervals after the start, so a slow read is caught up instead of drifting. The wait
            // comes before the decode: a frame's buffer is taken when the frame is due, not held while it waits.
            var wait = _frameInterval * _frames - _clock.Elapsed;
            if (wait > TimeSpan.Zero) await Task.Delay(wait);
        }
        // VideoCapture blocks (a device until its next frame), so it reads on the thread pool, not on the stream's threads.
        if (await Task.Run(ReadScaled) is not { } image) return Option<CameraFrame>.None;
        _frames++;
        return Option<CameraFrame>.Create(_pool.Frame(_settings.Name, _frames, DateTimeOffset.UtcNow, image));
    }

    public async Task CloseAsync()
    {
        // A read still running uses the capture, and disposing it underneath would crash in native code.
        await _reading.EndedAsync();
        _capture.Dispose();
        _decoded.Dispose();
    }

    /// <summary>The next frame at the output size in a buffer from the pool, or null at the end of a file that does not loop.</summary>
    private Mat? ReadScaled()
    {
        if (NextFrame() is { } image) return image;
        if (!_settings.IsFile) throw new CameraSourceException(_settings.Name, $"the device '{_settings.Url}' stopped giving frames");
        if (!_settings.Loop) return null;
        // Reopening is the one way back to the start that every container and codec honours.
        _capture.Dispose();
        _capture = Open();
        return NextFrame() ?? throw new CameraSourceException(_settings.Name, $"the file '{_settings.Url}' has no frames to loop over");
    }

    /// <summary>
    /// The capture's next frame in a buffer from the pool, or null when it has none. The buffer is taken once the capture
    /// holds the frame (a device's grab waits for it), so a camera holds no buffer while it waits for a frame.
    /// </summary>
    private Mat? NextFrame()
    {
        if (!_capture.Grab()) return null;
        var image = _pool.Rent();
        try
        {
            if (Retrieve(image)) return image;
        }
        catch
        {
            _pool.Return(image);
            throw;
        }
        _pool.Return(image);
        return null;
    }

    /// <summary>
    /// Decodes the grabbed frame into <paramref name="image"/> at the output size. A video of that size is decoded straight
    /// into it (OpenCV reuses a buffer of the right size and type), which spares each camera a frame-sized buffer and a
    /// copy; any other goes through <see cref="_decoded"/>, which holds the video's size, and is scaled.
    /// </summary>
    private bool Retrieve(Mat image)
    {
        if (_decodesAtOutputSize)
        {
            if (!_capture.Retrieve(image) || image.Empty()) return false;
            if (IsOutputSized(image)) return true;
            // The video's frames are not the size it announced: OpenCV gave the buffer pixels of their size, scaled back here.
            _decodesAtOutputSize = false;
            image.CopyTo(_decoded);
        }
        else if (!_capture.Retrieve(_decoded) || _decoded.Empty()) return false;
        Cv2.Resize(_decoded, image, _outputSize, interpolation: InterpolationFlags.Area);
        return true;
    }

    private bool IsOutputSized(Mat image) => image.Width == _settings.Width && image.Height == _settings.Height && image.Type() == MatType.CV_8UC3;

    private VideoCapture Open()
    {
        var capture = _settings.IsDevice
            ? new VideoCapture(DeviceIndex(_settings.Url), VideoCaptureAPIs.V4L2)
            : new VideoCapture(_settings.Url, VideoCaptureAPIs.FFMPEG, [DecodingThreadsProperty, 1]);
        if (!capture.IsOpened())
        {
            capture.Dispose();
            throw new CameraSourceException(_settings.Name, $"OpenCV could not open '{_settings.Url}' (a file it cannot decode, or a device that is busy or absent)");
        }
        _decodesAtOutputSize = capture.FrameWidth == _settings.Width && capture.FrameHeight == _settings.Height;
        var fps = capture.Fps is > 0 and < 1000 ? capture.Fps : _settings.Fps;
        _frameInterval = TimeSpan.FromSeconds(1 / fps);
        return capture;
    }

    private int DeviceIndex(string device) =>
        device.StartsWith("/dev/video", StringComparison.Ordinal) && int.TryParse(device.AsSpan("/dev/video".Length), out var index)
            ? index
            : throw new CameraSourceException(_settings.Name, $"'{device}' is not a /dev/videoN device");
}
