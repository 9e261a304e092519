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
        // VideoCapture blocks (a device until its next frame), so it reads on the thread pool, not on the stream's threads.
        if (await Task.Run(ReadScaled) is not { } image) return Option<CameraFrame>.None;

        _frames++;
        if (_settings.IsFile && _settings.RealTime)
        {
            // Frame n is due n - 1 intervals after the start, so a slow read is caught up instead of drifting.
            var wait = _frameInterval * (_frames - 1) - _clock.Elapsed;
            if (wait > TimeSpan.Zero) await Task.Delay(wait);
        }
        return Option<CameraFrame>.Create(_pool.Frame(_settings.Name, _frames, DateTimeOffset.UtcNow, image));
    }

    public async Task CloseAsync()
    {
        // A read still running uses the capture, and disposing it underneath would crash in native code.
        await _reading.EndedAsync();
        _capture.Dispose();
        _decoded.Dispose();
    }

    /// <summary>The next frame at the output size, or null at the end of a file that does not loop.</summary>
    private Mat? ReadScaled()
    {
        if (!ReadNext())
        {
            if (!_settings.IsFile) throw new CameraSourceException(_settings.Name, $"the device '{_settings.Url}' stopped giving frames");
            if (!_settings.Loop) return null;
            // Reopening is the one way back to the start that every container and codec honours.
            _capture.Dispose();
            _capture = Open();
            if (!ReadNext()) throw new CameraSourceException(_settings.Name, $"the file '{_settings.Url}' has no frames to loop over");
        }

        var image = _pool.Rent();
        if (_decoded.Width == _settings.Width && _decoded.Height == _settings.Height && _decoded.Type() == image.Type()) _decoded.CopyTo(image);
        else Cv2.Resize(_decoded, image, _outputSize, interpolation: InterpolationFlags.Area);
        return image;
    }

    private bool ReadNext() => _capture.Read(_decoded) && !_decoded.Empty();

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
        var fps = capture.Fps is > 0 and < 1000 ? capture.Fps : _settings.Fps;
        _frameInterval = TimeSpan.FromSeconds(1 / fps);
        return capture;
    }

    private int DeviceIndex(string device) =>
        device.StartsWith("/dev/video", StringComparison.Ordinal) && int.TryParse(device.AsSpan("/dev/video".Length), out var index)
            ? index
            : throw new CameraSourceException(_settings.Name, $"'{device}' is not a /dev/videoN device");
}
