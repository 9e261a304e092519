using System.Collections.Concurrent;

namespace FaceActors.Pipeline.Cameras;

/// <summary>
/// The process's cameras and their counters, registered by the camera supervisor as it starts them, read from any
/// thread by whoever reports on them: metrics, readiness, the API.
/// </summary>
public sealed class CameraRegistry
{
    private readonly ConcurrentDictionary<string, CameraCounters> _cameras = new();

    public void Register(string cameraId, CameraCounters counters) => _cameras[cameraId] = counters;

    /// <summary>Every registered camera's counters, by camera name.</summary>
    public IReadOnlyDictionary<string, CameraCounters> All => _cameras;
}
