using FaceActors.Pipeline.Actors;
using FaceActors.Pipeline.Cameras;

namespace FaceActors.Cluster.Sharding;

/// <summary>
/// What a node needs to run any camera the cluster gives it: every configured camera's settings (each node is
/// configured with the same cameras), what its cameras share (<see cref="CameraNode"/>: its models and event sink) and
/// the registry its metrics and API read.
/// </summary>
public sealed record NodeCameras(IReadOnlyDictionary<string, CameraSettings> Cameras, CameraNode Node, CameraRegistry Registry);
