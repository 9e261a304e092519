using FaceActors.Vision;
using FaceActors.Recognition.Evaluation;
using FaceActors.Recognition.Siamese;

namespace FaceActors.Recognition.Tests.Siamese;

public sealed class PairSamplerSpec
{
    private static readonly List<LabelledEmbedding> Faces = SyntheticFaces.Clusters(identities: 12, perIdentity: 5, dimension: 8, noise: 0.3f, seed: 3);

    [Fact]
    public void The_split_is_by_identity_and_puts_no_person_on_both_sides()
    {
        var split = PairSampler.SplitByIdentity(Faces, validationIdentities: 3, seed: 7);

        Assert.Equal(3, split.Validation.Count);
        Assert.Equal(9, split.Train.Count);
        Assert.Empty(split.Train.Intersect(split.Validation));
        Assert.Equal(Faces.Select(f => f.Identity).Distinct().Order(), split.Train.Concat(split.Validation).Order());
    }

    [Fact]
    public void The_split_depends_only_on_the_seed()
    {
        Assert.Equal(PairSampler.SplitByIdentity(Faces, 3, seed: 7), PairSampler.SplitByIdentity(Faces, 3, seed: 7), SplitComparer);
        var validations = Enumerable.Range(1, 5).Select(seed => string.Join(",", PairSampler.SplitByIdentity(Faces, 3, seed).Validation)).ToHashSet();
        Assert.True(validations.Count > 1, "five seeds gave the same validation identities");
    }

    [Fact]
    public void A_split_that_leaves_a_side_without_different_pairs_is_refused()
    {
        Assert.Throws<InvalidInputException>(() => PairSampler.SplitByIdentity(Faces, validationIdentities: 1, seed: 1));
        Assert.Throws<InvalidInputException>(() => PairSampler.SplitByIdentity(Faces, validationIdentities: 11, seed: 1));
    }

    [Fact]
    public void Balanced_pairs_are_every_same_pair_and_as_many_distinct_different_pairs()
    {
        var pairs = PairSampler.Balanced(Faces, new Random(5));

        var same = pairs.Where(p => p.Same).ToList();
        var different = pairs.Where(p => !p.Same).ToList();
        Assert.Equal(12 * 10, same.Count); // 5 images per identity: 10 pairs each
        Assert.Equal(same.Count, different.Count);
        Assert.All(pairs, p => Assert.Equal(Faces[p.First].Identity == Faces[p.Second].Identity, p.Same));
        Assert.All(pairs, p => Assert.True(p.First < p.Second));
        Assert.Equal(pairs.Count, pairs.Distinct().Count());
    }

    [Fact]
    public void Each_draw_takes_fresh_different_pairs()
    {
        var random = new Random(5);
        var first = PairSampler.Balanced(Faces, random).Where(p => !p.Same).ToHashSet();
        var second = PairSampler.Balanced(Faces, random).Where(p => !p.Same).ToHashSet();

        Assert.NotEqual(first, second);
    }

    private static readonly IEqualityComparer<IdentitySplit> SplitComparer = EqualityComparer<IdentitySplit>.Create(
        (a, b) => a!.Train.SequenceEqual(b!.Train) && a.Validation.SequenceEqual(b.Validation), s => s.Train.Count);
}
