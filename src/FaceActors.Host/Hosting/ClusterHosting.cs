using System.Globalization;
using Akka.Cluster.Hosting;
using Akka.Cluster.Hosting.SBR;
using Akka.Hosting;
using Akka.Remote.Hosting;
using FaceActors.Cluster.Serialization;
using FaceActors.Cluster.Sharding;
using FaceActors.Configuration;

namespace FaceActors.Host.Hosting;

/// <summary>
/// The actor system as a cluster node, through Akka.Hosting's own extensions: remoting on the configured address,
/// membership from the seed nodes, the node's camera limit as a role, the split-brain resolver keeping the majority,
/// Distributed PubSub for the events, and the camera region's sharding settings.
/// </summary>
internal static class ClusterHosting
{
    public static AkkaConfigurationBuilder WithFaceActorsCluster(this AkkaConfigurationBuilder akka, ClusterSettings cluster) =>
        akka.WithRemoting(new RemoteOptions { HostName = cluster.Hostname, Port = cluster.Port, PublicHostName = cluster.PublicHostname })
            .WithClustering(new ClusterOptions
            {
                SeedNodes = [.. cluster.SeedNodes],
                Roles = [NodeCapacity.Role(cluster.MaxCameras)],
                SplitBrainResolver = new KeepMajorityOption(),
            })
            .WithDistributedPubSub(role: "")
            .AddHocon($$"""
                akka.cluster {
                  split-brain-resolver.stable-after = {{Milliseconds(cluster.StableAfter)}}
                  down-removal-margin = {{Milliseconds(cluster.DownRemovalMargin)}}
                }
                """, HoconAddMode.Prepend)
            .AddHocon(CameraShards.Config, HoconAddMode.Prepend)
            .AddHocon(ClusterMessageSerializer.Binding, HoconAddMode.Prepend);

    private static string Milliseconds(TimeSpan duration) => duration.TotalMilliseconds.ToString("0", CultureInfo.InvariantCulture) + "ms";
}
