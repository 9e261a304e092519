using System.Globalization;

namespace FaceActors.Pipeline.Cameras;

/// <summary>How a camera's frames are read.</summary>
public enum CameraKind
{
    /// <summary>An <c>ffmpeg</c> child process decoding to raw BGR on stdout: rtsp://, http://, files, /dev/video*.</summary>
    Ffmpeg,
    /// <summary>OpenCvSharp's <c>VideoCapture</c>: files and /dev/video* only (its bundled FFmpeg has no networking).</summary>
    OpenCv,
    /// <summary>A managed reader of HTTP multipart JPEG (multipart/x-mixed-replace).</summary>
    Mjpeg,
}

/// <summary>How ffmpeg asks an RTSP server for the media. TCP survives NAT and loss; some servers only offer UDP.</summary>
public enum RtspTransport
{
    Tcp,
    Udp,
}

/// <summary>Exponential backoff between restarts: <paramref name="Min"/> doubling up to <paramref name="Max"/>,
/// each delay stretched by up to <paramref name="RandomFactor"/> so many cameras do not retry in step.</summary>
public sealed record CameraBackoff(TimeSpan Min, TimeSpan Max, double RandomFactor)
{
    public static CameraBackoff Default { get; } = new(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30), 0.2);

    /// <summary>The pause before restart number <paramref name="attempt"/> + 1 (0 for the first): Min doubled per attempt up to Max, stretched at random.</summary>
    public TimeSpan Delay(int attempt)
    {
        var doubled = Min.TotalSeconds * Math.Pow(2, Math.Min(attempt, 30));
        return TimeSpan.FromSeconds(Math.Min(doubled, Max.TotalSeconds) * (1 + Random.Shared.NextDouble() * RandomFactor));
    }
}

/// <summary>One camera: where its frames come from and how it is kept alive.</summary>
/// <param name="Name">The camera's id in frames, states and metrics.</param>
/// <param name="Url">rtsp:// or http(s):// URL, a file path, or a /dev/video* device.</param>
public sealed record CameraSettings(string Name, CameraKind Kind, string Url)
{
    /// <summary>Frames are scaled to this size, whatever the source gives.</summary>
    public int Width { get; init; } = 640;

    public int Height { get; init; } = 480;

    /// <summary>Frames per second ffmpeg outputs (<c>-r</c>); the rate a file plays at when it does not say its own.</summary>
    public double Fps { get; init; } = 15;

    /// <summary>A file starts again at its end; otherwise its end takes the camera offline.</summary>
    public bool Loop { get; init; }

    /// <summary>A file plays at its own frame rate, like a camera; false reads it as fast as it is consumed.</summary>
    public bool RealTime { get; init; } = true;

    /// <summary>No frame for this long counts as a failure, and the camera restarts.</summary>
    public TimeSpan StallTimeout { get; init; } = TimeSpan.FromSeconds(10);

    public CameraBackoff Backoff { get; init; } = CameraBackoff.Default;

    /// <summary>
    /// Frames kept while the pipeline is busy; a newer frame then replaces the oldest waiting one. Three ride out eight
    /// cameras asking for face detection at once without a drop (one dropped 111 frames in 90 s, two 2 to 30), for up
    /// to two frames' memory more per camera (docs/benchmarks.md, "Frames waiting").
    /// </summary>
    public int FramesWaiting { get; init; } = 3;

    public RtspTransport RtspTransport { get; init; } = RtspTransport.Tcp;

    /// <summary>The ffmpeg program, looked up on PATH unless it is a path.</summary>
    public string FfmpegPath { get; init; } = "ffmpeg";

    public bool IsNetwork => Url.Contains("://", StringComparison.Ordinal) && !Url.StartsWith("file://", StringComparison.OrdinalIgnoreCase);

    public bool IsDevice => Url.StartsWith("/dev/", StringComparison.Ordinal);

    public bool IsFile => !IsNetwork && !IsDevice;

    /// <summary>The end of this camera's stream is final (a file that does not loop); any other end is a failure to recover from.</summary>
    public bool EndIsFinal => IsFile && !Loop;

    /// <summary>Throws <see cref="CameraSettingsException"/> listing every problem, or returns these settings.</summary>
    public CameraSettings Validate()
    {
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(Name)) problems.Add("name must not be empty");
        if (string.IsNullOrWhiteSpace(Url)) problems.Add("url must not be empty (an rtsp:// or http:// URL, a file path or a /dev/video* device)");
        else
        {
            if (Kind == CameraKind.Mjpeg && !(Url.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || Url.StartsWith("https://", StringComparison.OrdinalIgnoreCase)))
                problems.Add($"an mjpeg camera needs an http:// or https:// url, not '{Url}'");
            if (Kind == CameraKind.OpenCv && IsNetwork)
                problems.Add($"an opencv camera reads files and /dev/video* only (OpenCvSharp's FFmpeg has no networking); use kind ffmpeg for '{Url}'");
            if (IsFile && Kind != CameraKind.Mjpeg && !File.Exists(Url))
                problems.Add($"the file '{Path.GetFullPath(Url)}' does not exist");
        }
        if (Width <= 0 || Height <= 0) problems.Add($"width and height must be positive pixels, not {Width}x{Height}");
        if (Width % 2 != 0 || Height % 2 != 0) problems.Add($"width and height must be even (ffmpeg's scaler and most codecs need it), not {Width}x{Height}");
        if (!(Fps > 0 && Fps <= 240)) problems.Add($"fps must be in (0, 240], not {Fps.ToString(CultureInfo.InvariantCulture)}");
        if (Loop && !IsFile) problems.Add("loop applies to files only; a live camera restarts by itself");
        if (FramesWaiting is < 1 or > 30) problems.Add($"frames waiting must be 1..30, not {FramesWaiting}");
        if (StallTimeout <= TimeSpan.Zero) problems.Add($"stall timeout must be positive, not {StallTimeout}");
        if (Backoff.Min <= TimeSpan.Zero) problems.Add($"backoff min must be positive, not {Backoff.Min}");
        if (Backoff.Max < Backoff.Min) problems.Add($"backoff max ({Backoff.Max}) must be at least backoff min ({Backoff.Min})");
        if (!(Backoff.RandomFactor >= 0 && Backoff.RandomFactor <= 1)) problems.Add($"backoff random factor must be in [0, 1], not {Backoff.RandomFactor.ToString(CultureInfo.InvariantCulture)}");
        if (problems.Count > 0) throw new CameraSettingsException(Name, problems);
        return this;
    }
}
