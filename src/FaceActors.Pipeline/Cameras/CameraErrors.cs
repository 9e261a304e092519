using FaceActors.Vision;
namespace FaceActors.Pipeline.Cameras;

/// <summary>A camera's configuration cannot work; the message lists every problem.</summary>
public sealed class CameraSettingsException(string camera, IReadOnlyList<string> problems)
    : InvalidInputException($"Camera '{camera}' is misconfigured: {string.Join("; ", problems)}.")
{
    public IReadOnlyList<string> Problems { get; } = problems;
}

/// <summary>A camera's stream failed; the camera restarts with backoff. The message says why, in the source's words.</summary>
public sealed class CameraSourceException(string camera, string message, Exception? inner = null)
    : Exception($"Camera '{camera}': {message}", inner)
{
    public string Camera { get; } = camera;
}

/// <summary>The ffmpeg program is not installed, or not where the settings say.</summary>
public sealed class FfmpegNotFoundException(string path, Exception? inner = null)
    : Exception($"ffmpeg was not found ('{path}'). Install it with `apt-get install ffmpeg`, or set the camera's ffmpeg path.", inner);
