using Akka.Cluster.Sharding;

namespace FaceActors.Cluster.Sharding;

/// <summary>
/// A camera's entity id is its name, and so is its shard's: one camera per shard, so the coordinator places cameras
/// one by one (<see cref="CameraAllocationStrategy"/>) and a node's shard count is its camera count. Cameras are
/// reached with Akka's own <see cref="ShardRegion.StartEntity"/> and <see cref="ShardingEnvelope"/>, which the region
/// routes by <see cref="ShardId(string, object?)"/> alone; nothing else is a camera's message.
/// </summary>
public sealed class CameraMessageExtractor : IMessageExtractor
{
    public string? EntityId(object message) => null;

    public object? EntityMessage(object message) => message;

    public string? ShardId(object message) => null;

    public string ShardId(string entityId, object? messageHint = null) => entityId;
}
