using Akka.Actor;
using Akka.Configuration;
using FaceActors.Storage;

namespace FaceActors.Configuration;

/// <summary>
/// faceactors.cluster: this process as one node of a FaceActors cluster. Read only when enabled; a single process has
/// none, and runs exactly as it did before there was a cluster.
/// </summary>
/// <param name="PublicHostname">The name other nodes reach this one by; null when it is <paramref name="Hostname"/>.</param>
/// <param name="StableAfter">How long the split-brain resolver waits for a stable view before it downs the unreachable side.</param>
/// <param name="DownRemovalMargin">How long after a node is downed its cameras start elsewhere.</param>
public sealed record ClusterSettings(string Hostname, int Port, string? PublicHostname, IReadOnlyList<string> SeedNodes, int MaxCameras,
    TimeSpan StableAfter, TimeSpan DownRemovalMargin)
{
    /// <summary>The actor system's name, which every node's address and every seed node carry.</summary>
    public const string SystemName = "faceactors";

    /// <returns>Null when faceactors.cluster.enabled is off.</returns>
    public static ClusterSettings? From(Config config)
    {
        var read = new HoconReader(config, "faceactors");
        if (!read.Boolean("cluster.enabled")) return null;
        var hostname = read.String("cluster.hostname").Trim();
        if (hostname.Length == 0) throw new ConfigurationError("faceactors.cluster.hostname", "is empty; give the address this node listens on, such as 0.0.0.0 or 10.0.0.5");
        var publicHostname = read.String("cluster.public-hostname").Trim();
        var seeds = read.Strings("cluster.seed-nodes");
        if (seeds.Count == 0)
            throw new ConfigurationError("faceactors.cluster.seed-nodes",
                $"is empty; list the nodes to join, such as [\"akka.tcp://{SystemName}@10.0.0.5:4053\"], the same on every node (the first node lists itself)");
        foreach (var seed in seeds) CheckSeed(seed);
        if (PersistenceSettings.Database(read).Provider != SqlProvider.PostgreSql)
            throw new ConfigurationError("faceactors.persistence.provider",
                "is sqlite, but the nodes of a cluster share one gallery and one recognition log: set it to postgresql, with a connection-string every node reaches");
        return new ClusterSettings(hostname, read.Int("cluster.port", 1, 65535), publicHostname.Length == 0 ? null : publicHostname, seeds,
            read.Int("cluster.max-cameras", 1, 1000),
            read.Duration("cluster.stable-after", TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(1)),
            read.Duration("cluster.down-removal-margin", TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(1)));
    }

    /// <summary>
    /// The HTTP address other nodes reach this one at, given the one it listens on: a wildcard binding (0.0.0.0) is
    /// reached by this node's name in the cluster.
    /// </summary>
    public string ReachableHttp(string listening)
    {
        var uri = new UriBuilder(listening);
        if (uri.Host is "0.0.0.0" or "[::]" or "::" or "+" or "*") uri.Host = PublicHostname ?? Hostname;
        return uri.Uri.GetLeftPart(UriPartial.Authority);
    }

    private static void CheckSeed(string seed)
    {
        Address address;
        try
        {
            address = Address.Parse(seed);
        }
        catch (Exception e) when (e is UriFormatException or ArgumentException)
        {
            throw new ConfigurationError("faceactors.cluster.seed-nodes", $"has '{seed}', which is not a node address; write akka.tcp://{SystemName}@HOST:PORT");
        }
        if (address.Protocol != "akka.tcp" || address.System != SystemName || address.Host is null || address.Port is null)
            throw new ConfigurationError("faceactors.cluster.seed-nodes", $"has '{seed}'; a node's address is akka.tcp://{SystemName}@HOST:PORT");
    }
}
