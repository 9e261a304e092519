using System.Collections.Concurrent;

namespace FaceActors.Pipeline.Cameras;

/// <summary>
/// The cameras this process runs and their counters, registered as they start (by the camera supervisor, or by a
/// camera's cluster entity, which also unregisters it when the camera moves to another node), read from any thread by
/// whoever reports on them: metrics, readiness, the API.
/// </summary>
public sealed class CameraRegistry
{
    private readonly ConcurrentDictionary<string, CameraCounters> _cameras = new();

    public void Register(string cameraId, CameraCounters counters) => _cameras[cameraId] = counters;

    /// <summary>Removes the camera if these are still its counters (a camera back on this node has new ones).</summary>
    public void Unregister(string cameraId, CameraCounters counters) => _cameras.TryRemove(new KeyValuePair<string, CameraCounters>(cameraId, counters));

    /// <summary>Every registered camera's counters, by camera name.</summary>
    public IReadOnlyDictionary<string, CameraCounters> All => _cameras;
}
