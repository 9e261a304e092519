using System.Globalization;

namespace FaceActors.Cluster.Sharding;

/// <summary>
/// A node says how many cameras it takes (faceactors.cluster.max-cameras) as one of its cluster roles, so that the
/// shard coordinator, wherever it runs, reads every node's limit from the membership it already has.
/// </summary>
public static class NodeCapacity
{
    private const string Prefix = "max-cameras-";

    public static string Role(int maxCameras) => Prefix + maxCameras.ToString(CultureInfo.InvariantCulture);

    /// <summary>The limit among a member's roles; null when it gives none.</summary>
    public static int? Of(IEnumerable<string> roles) =>
        roles.Where(r => r.StartsWith(Prefix, StringComparison.Ordinal))
            .Select(r => int.TryParse(r.AsSpan(Prefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var most) ? most : (int?)null)
            .FirstOrDefault(most => most is not null);
}
