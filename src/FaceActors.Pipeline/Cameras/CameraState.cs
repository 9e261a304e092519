namespace FaceActors.Pipeline.Cameras;

public enum CameraState
{
    /// <summary>Frames are arriving.</summary>
    Online,
    /// <summary>The source ended, failed or stalled and is being restarted with backoff.</summary>
    Reconnecting,
    /// <summary>Stopped for good: a file that does not loop has ended, or the camera was shut down.</summary>
    Offline,
}

/// <summary>Published whenever a camera's state changes; <paramref name="Reason"/> says why (for logs and the API).</summary>
public sealed record CameraStateChanged(string CameraId, CameraState State, string? Reason, DateTimeOffset At);
