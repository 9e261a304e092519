using FaceActors.Cluster.Sharding;

namespace FaceActors.Cluster.Tests.Sharding;

public sealed class CameraPlacementSpecs
{
    private static PlacedNode<string> Node(string name, int? capacity = null, bool leaving = false, params string[] cameras) =>
        new(name, name, cameras, capacity, leaving);

    [Fact]
    public void A_camera_goes_to_the_node_that_runs_the_fewest()
    {
        var chosen = CameraPlacement.NodeFor([Node("a", null, false, "c1", "c2"), Node("b", null, false, "c3"), Node("c", null, false, "c4", "c5")]);

        Assert.Equal("b", chosen?.Node);
    }

    [Fact]
    public void Ties_are_broken_by_the_node_address_so_that_every_coordinator_decides_alike()
    {
        Assert.Equal("a", CameraPlacement.NodeFor([Node("b"), Node("a"), Node("c")])?.Node);
    }

    [Fact]
    public void A_full_node_and_a_leaving_node_get_no_camera()
    {
        var chosen = CameraPlacement.NodeFor([Node("a", 1, false, "c1"), Node("b", null, true), Node("c", 3, false, "c2", "c3")]);

        Assert.Equal("c", chosen?.Node);
    }

    [Fact]
    public void When_every_node_is_full_there_is_nowhere_to_go()
    {
        Assert.Null(CameraPlacement.NodeFor([Node("a", 1, false, "c1"), Node("b", 2, false, "c2", "c3")]));
    }

    [Fact]
    public void Six_cameras_on_one_node_move_until_three_nodes_run_two_each()
    {
        var nodes = new[] { Node("a", null, false, "c1", "c2", "c3", "c4", "c5", "c6"), Node("b"), Node("c") };

        var moving = CameraPlacement.CamerasToMove(nodes);

        // The last two to come each go: c6 and c5 to one node, c4 and c3 to the other.
        Assert.Equal(["c3", "c4", "c5", "c6"], moving.Order());
    }

    [Fact]
    public void Nodes_that_differ_by_one_camera_are_left_alone()
    {
        Assert.Empty(CameraPlacement.CamerasToMove([Node("a", null, false, "c1", "c2"), Node("b", null, false, "c3")]));
    }

    [Fact]
    public void No_camera_moves_to_a_node_without_room()
    {
        var nodes = new[] { Node("a", null, false, "c1", "c2", "c3", "c4"), Node("b", 1), Node("c", null, true) };

        Assert.Equal(["c4"], CameraPlacement.CamerasToMove(nodes));
    }

    [Fact]
    public void Every_placement_of_up_to_twelve_cameras_evens_out_within_one_in_a_single_round()
    {
        var random = new Random(7);
        for (var trial = 0; trial < 500; trial++)
        {
            var nodes = Enumerable.Range(0, random.Next(1, 5)).Select(n => new List<string>()).ToArray();
            for (var camera = 0; camera < random.Next(0, 13); camera++) nodes[random.Next(nodes.Length)].Add($"c{camera}");
            var placed = nodes.Select((cameras, n) => Node($"n{n}", null, false, [.. cameras])).ToList();

            var moving = CameraPlacement.CamerasToMove(placed);

            // Moved cameras go, one by one, where NodeFor sends them.
            var after = placed.Select(n => n with { Cameras = n.Cameras.Where(c => !moving.Contains(c)).ToList() }).ToList();
            foreach (var camera in moving)
            {
                var target = CameraPlacement.NodeFor(after)!;
                after[after.IndexOf(target)] = target with { Cameras = [.. target.Cameras, camera] };
            }
            var counts = after.Select(n => n.Cameras.Count).ToList();
            Assert.True(counts.Max() - counts.Min() <= 1, $"trial {trial}: {string.Join("/", placed.Select(n => n.Cameras.Count))} became {string.Join("/", counts)}");
        }
    }
}
