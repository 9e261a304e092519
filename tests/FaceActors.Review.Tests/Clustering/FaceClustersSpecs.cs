using FaceActors.Review.Clustering;

namespace FaceActors.Review.Tests.Clustering;

public sealed class FaceClustersSpecs
{
    /// <summary>A unit vector at <paramref name="degrees"/> in the plane of the first two axes (cosine between two is the cosine of their angle).</summary>
    private static float[] At(double degrees) => [(float)Math.Cos(degrees * Math.PI / 180), (float)Math.Sin(degrees * Math.PI / 180), 0];

    [Fact]
    public void Faces_close_to_a_groups_centre_join_it_and_a_far_face_starts_its_own()
    {
        var clusters = new FaceClusters<string>(similarity: 0.9f); // about 25 degrees
        var a = clusters.Add(At(0), "a1");
        Assert.Same(a, clusters.Add(At(10), "a2"));
        Assert.Same(a, clusters.Add(At(-10), "a3"));
        var b = clusters.Add(At(90), "b1");

        Assert.NotSame(a, b);
        Assert.Equal(["a1", "a2", "a3"], a.Items);
        Assert.Equal(["b1"], b.Items);
    }

    [Fact]
    public void A_face_joins_the_nearest_of_two_groups_it_could_join()
    {
        var clusters = new FaceClusters<string>(similarity: 0.5f);
        var left = clusters.Add(At(0), "left");
        var right = clusters.Add(At(70), "right");

        Assert.Same(right, clusters.Add(At(45), "nearer the right"));
        Assert.Single(left.Items);
    }

    [Fact]
    public void The_centre_follows_its_faces_so_a_slow_drift_stays_one_group()
    {
        var clusters = new FaceClusters<int>(similarity: 0.95f); // about 18 degrees from the centre
        // The last face is 30 degrees from the first, too far for a group that kept its first face as its centre.
        for (var step = 0; step <= 10; step++) clusters.Add(At(step * 3), step);

        Assert.Single(clusters.All);
    }

    [Fact]
    public void Merging_moves_every_face_and_removing_faces_drops_emptied_groups()
    {
        var clusters = new FaceClusters<string>(similarity: 0.9f);
        var a = clusters.Add(At(0), "a");
        var b = clusters.Add(At(90), "b");

        Assert.True(clusters.Merge(b.Id, a.Id));
        Assert.False(clusters.Merge(b.Id, a.Id));
        Assert.Equal(["a", "b"], Assert.Single(clusters.All).Items);

        clusters.RemoveWhere(item => item is "a" or "b");
        Assert.Empty(clusters.All);
    }
}

public sealed class ClusteringScoreSpecs
{
    [Fact]
    public void A_mixed_group_lowers_purity_and_a_split_person_lowers_completeness()
    {
        // ada: 3 faces in group 1; bob: 2 faces in group 1 (mixed in) and 1 alone in group 2 (split).
        var score = ClusteringScore.Of(["ada", "ada", "ada", "bob", "bob", "bob"], [1, 1, 1, 1, 1, 2]);

        Assert.Equal((6, 2, 2), (score.Faces, score.People, score.Groups));
        Assert.Equal(4 / 6.0, score.Purity, 6);        // group 1's majority is ada (3 of 5); group 2 is pure
        Assert.Equal(5 / 6.0, score.Completeness, 6);  // ada whole; bob's largest group holds 2 of 3
        Assert.Equal(2 * (4 / 6.0) * (5 / 6.0) / (9 / 6.0), score.F, 6);
    }

    [Fact]
    public void One_group_per_person_scores_one_on_both()
    {
        var score = ClusteringScore.Of(["a", "b", "a"], [7, 9, 7]);
        Assert.Equal((1.0, 1.0), (score.Purity, score.Completeness));
    }
}
