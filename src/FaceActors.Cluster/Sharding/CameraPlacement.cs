namespace FaceActors.Cluster.Sharding;

/// <summary>One node as placement sees it: how many cameras it runs, how many it may, and whether it is on its way out.</summary>
/// <param name="Key">The node's stable order (its address), so that ties are always broken the same way.</param>
/// <param name="Capacity">Its faceactors.cluster.max-cameras; null when it did not say (no limit).</param>
public sealed record PlacedNode<TNode>(TNode Node, string Key, IReadOnlyList<string> Cameras, int? Capacity, bool Leaving)
{
    public bool HasRoom => !Leaving && (Capacity is not { } most || Cameras.Count < most);
}

/// <summary>
/// Where cameras go: a camera goes to the node with room that runs the fewest, and a rebalance moves cameras from the
/// busiest node to the idlest until no two nodes with room differ by more than one. With one shard per camera this is
/// a count of cameras, which is what a node's load is (each camera costs about the same: its frames and its faces).
/// Pure, so that it is specified without a cluster; <see cref="CameraAllocationStrategy"/> feeds it Akka's view.
/// </summary>
public static class CameraPlacement
{
    /// <summary>The node a new camera goes to; null when every node is full or leaving.</summary>
    public static PlacedNode<TNode>? NodeFor<TNode>(IEnumerable<PlacedNode<TNode>> nodes) =>
        nodes.Where(n => n.HasRoom).OrderBy(n => n.Cameras.Count).ThenBy(n => n.Key, StringComparer.Ordinal).FirstOrDefault();

    /// <summary>
    /// The cameras to move so that the nodes even out, each moved once: its new node is chosen by <see cref="NodeFor"/>
    /// as it starts again. Moves only from a node that runs at least two more than the idlest node with room.
    /// </summary>
    public static IReadOnlySet<string> CamerasToMove<TNode>(IReadOnlyList<PlacedNode<TNode>> nodes)
    {
        var counts = nodes.ToDictionary(n => n.Key, n => n.Cameras.Count);
        var moving = new HashSet<string>();
        while (true)
        {
            var idlest = nodes.Where(n => !n.Leaving && (n.Capacity is not { } most || counts[n.Key] < most))
                .OrderBy(n => counts[n.Key]).ThenBy(n => n.Key, StringComparer.Ordinal).FirstOrDefault();
            var busiest = nodes.OrderByDescending(n => counts[n.Key]).ThenBy(n => n.Key, StringComparer.Ordinal).First();
            if (idlest is null || counts[busiest.Key] - counts[idlest.Key] < 2) return moving;
            // The camera that came last goes first: the longest-running ones keep their tracks.
            moving.Add(busiest.Cameras.Where(c => !moving.Contains(c)).Last());
            counts[busiest.Key]--;
            counts[idlest.Key]++;
        }
    }
}
