using FaceActors.Pipeline.Actors;
using FaceActors.Pipeline.Cameras;

namespace FaceActors.Cluster.Sharding;

/// <summary>
/// What a node needs to run any camera the cluster gives it: every configured camera's settings (each node is
/// configured with the same cameras), what its cameras share (<see cref="CameraNode"/>: its models, event sink,
/// metrics and live frames) and the registry its metrics and API read.
/// </summary>
public sealed record NodeCameras(IReadOnlyDictionary<string, CameraSettings> Cameras, CameraNode Node, CameraRegistry Registry);

/// <summary>
/// The node-local services of a cluster node, one per process in the host's service provider, where the camera
/// region's entity factory resolves them (Akka.Hosting's dependency injection). The host registers it before the
/// actor system starts; the run provides the cameras once the models are loaded, and only then starts the region, so
/// no entity is made before.
/// </summary>
public sealed class NodeServices
{
    private NodeCameras? _cameras;

    public NodeCameras Cameras => Volatile.Read(ref _cameras)
        ?? throw new InvalidOperationException("A camera entity was made before the node's models were loaded; the camera region starts only after them.");

    public void Provide(NodeCameras cameras)
    {
        if (Interlocked.CompareExchange(ref _cameras, cameras, null) is not null)
            throw new InvalidOperationException("The node's cameras were provided twice.");
    }
}
