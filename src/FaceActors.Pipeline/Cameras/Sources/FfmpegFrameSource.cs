using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using Akka;
using Akka.Streams.Dsl;
using Akka.Util;
using OpenCvSharp;

namespace FaceActors.Pipeline.Cameras.Sources;

/// <summary>
/// Frames from an <c>ffmpeg</c> child process that decodes whatever ffmpeg reads (rtsp://, http://, files,
/// /dev/video*) to raw BGR at the configured size and rate on its stdout, the way Frigate reads cameras.
/// The child dies with the stream however it ends.
/// </summary>
public static class FfmpegFrameSource
{
    /// <summary>Frames until ffmpeg exits; it fails with ffmpeg's own error when ffmpeg exits badly.</summary>
    /// <param name="pool">Where the frames' buffers come from (the camera's size).</param>
    public static Source<CameraFrame, NotUsed> Create(CameraSettings settings, FramePool pool) =>
        FrameReaderSource.Create(
            () => Task.Run(() => FfmpegProcess.Start(settings, pool)),
            process => process.ReadFrameAsync(),
            process => process.StopAsync());

    /// <summary>The command line, one argument per item.</summary>
    public static IReadOnlyList<string> Arguments(CameraSettings settings)
    {
        var arguments = new List<string> { "-hide_banner", "-loglevel", "error", "-nostdin" };
        if (settings.Url.StartsWith("rtsp://", StringComparison.OrdinalIgnoreCase))
            arguments.AddRange(["-rtsp_transport", settings.RtspTransport == RtspTransport.Udp ? "udp" : "tcp"]);
        if (settings.IsDevice) arguments.AddRange(["-f", "v4l2"]);
        if (settings.IsFile && settings.RealTime) arguments.Add("-re");
        if (settings.IsFile && settings.Loop) arguments.AddRange(["-stream_loop", "-1"]);
        arguments.AddRange([
            "-i", settings.Url,
            "-an",
            "-vf", $"scale={settings.Width}:{settings.Height}",
            "-r", settings.Fps.ToString(CultureInfo.InvariantCulture),
            "-f", "rawvideo", "-pix_fmt", "bgr24", "pipe:1",
        ]);
        return arguments;
    }

    /// <summary>Throws <see cref="FfmpegNotFoundException"/> unless <paramref name="ffmpegPath"/> names a program that exists.</summary>
    public static void RequireFfmpeg(string ffmpegPath)
    {
        var candidates = ffmpegPath.Contains('/')
            ? [ffmpegPath]
            : (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries).Select(folder => Path.Combine(folder, ffmpegPath));
        if (!candidates.Any(File.Exists)) throw new FfmpegNotFoundException(ffmpegPath);
    }
}

/// <summary>One running ffmpeg and the frame buffer it is read into.</summary>
internal sealed class FfmpegProcess
{
    private static readonly TimeSpan ExitWait = TimeSpan.FromSeconds(5);

    private readonly CameraSettings _settings;
    private readonly FramePool _pool;
    private readonly Process _process;
    private readonly Stream _stdout;
    private readonly StderrTail _stderr;
    // One frame's bytes, reused for every frame: the only large managed buffer, allocated once per process.
    private readonly byte[] _frameBytes;
    private long _frames;
    private readonly PendingRead _reading = new();

    private FfmpegProcess(CameraSettings settings, FramePool pool, Process process, StderrTail stderr)
    {
        _settings = settings;
        _pool = pool;
        _process = process;
        _stdout = process.StandardOutput.BaseStream;
        _stderr = stderr;
        _frameBytes = new byte[settings.Width * settings.Height * 3];
    }

    public static FfmpegProcess Start(CameraSettings settings, FramePool pool)
    {
        var startInfo = new ProcessStartInfo(settings.FfmpegPath)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in FfmpegFrameSource.Arguments(settings)) startInfo.ArgumentList.Add(argument);
        var process = new Process { StartInfo = startInfo };
        var stderr = new StderrTail();
        process.ErrorDataReceived += (_, line) => stderr.Add(line.Data);
        try
        {
            process.Start();
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            process.Dispose();
            throw new FfmpegNotFoundException(settings.FfmpegPath, e);
        }
        // Drained all the time: a full stderr pipe would block ffmpeg.
        process.BeginErrorReadLine();
        return new FfmpegProcess(settings, pool, process, stderr);
    }

    public Task<Option<CameraFrame>> ReadFrameAsync() => _reading.Start(ReadNextFrameAsync);

    public async Task StopAsync()
    {
        try
        {
            // SIGKILL: an ffmpeg hung on a silent network stream ignores SIGTERM. The whole tree, should ffmpeg
            // ever be wrapped in a script.
            _process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // It has exited already.
        }
        // A read in flight ends at the closed pipe; it must be done with the process before it is disposed.
        await _reading.EndedAsync();
        await WaitForExitAsync();
        _process.Dispose();
    }

    private async Task<Option<CameraFrame>> ReadNextFrameAsync()
    {
        var read = await _stdout.ReadAtLeastAsync(_frameBytes, _frameBytes.Length, throwOnEndOfStream: false);
        if (read == _frameBytes.Length)
        {
            var image = _pool.Rent();
            Marshal.Copy(_frameBytes, 0, image.Data, _frameBytes.Length);
            return Option<CameraFrame>.Create(_pool.Frame(_settings.Name, ++_frames, DateTimeOffset.UtcNow, image));
        }

        await WaitForExitAsync();
        if (read == 0 && _process.ExitCode == 0) return Option<CameraFrame>.None;
        var why = read == 0
            ? $"ffmpeg exited with code {_process.ExitCode}"
            : $"ffmpeg's output ended inside a frame ({read} of {_frameBytes.Length} bytes)";
        throw new CameraSourceException(_settings.Name, $"{why}: {_stderr.Text()}");
    }

    private async Task WaitForExitAsync()
    {
        using var timeout = new CancellationTokenSource(ExitWait);
        try
        {
            await _process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            throw new CameraSourceException(_settings.Name, $"ffmpeg (pid {_process.Id}) did not exit within {ExitWait.TotalSeconds} s of closing its output");
        }
    }

    /// <summary>The last lines ffmpeg wrote to stderr: the reason it gives when it fails.</summary>
    private sealed class StderrTail
    {
        private const int Lines = 10;
        private readonly Queue<string> _lines = new();

        public void Add(string? line)
        {
            if (string.IsNullOrWhiteSpace(line)) return;
            lock (_lines)
            {
                if (_lines.Count == Lines) _lines.Dequeue();
                _lines.Enqueue(line);
            }
        }

        public string Text()
        {
            lock (_lines) return _lines.Count == 0 ? "(ffmpeg said nothing on stderr)" : string.Join(" | ", _lines);
        }
    }
}
