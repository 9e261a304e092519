using FaceActors.Vision;
using FaceActors.Recognition.Evaluation;

namespace FaceActors.Recognition.Siamese;

/// <summary>Which identities train the head and which validate it; no identity is in both.</summary>
public sealed record IdentitySplit(IReadOnlyList<string> Train, IReadOnlyList<string> Validation);

/// <summary>Splits a labelled set by identity and samples balanced same / different pairs, reproducibly from a seed.</summary>
public static class PairSampler
{
    /// <summary>
    /// Shuffles the identities (taken in ordinal order, so the result depends only on the names and the seed)
    /// and puts the first <paramref name="validationIdentities"/> in validation, the rest in training. Splitting
    /// by identity, not by image, means validation measures faces of people the head has never seen, as a
    /// gallery's new enrolments will be.
    /// </summary>
    public static IdentitySplit SplitByIdentity(IReadOnlyList<LabelledEmbedding> samples, int validationIdentities, int seed)
    {
        var identities = samples.Select(s => s.Identity).Distinct().Order(StringComparer.Ordinal).ToArray();
        if (validationIdentities < 2 || validationIdentities > identities.Length - 2)
            throw new InvalidInputException(
                $"The split needs at least two identities on each side (same and different pairs); {identities.Length} identities cannot give {validationIdentities} to validation.");
        new Random(seed).Shuffle(identities);
        return new IdentitySplit(identities[validationIdentities..].Order(StringComparer.Ordinal).ToList(),
            identities[..validationIdentities].Order(StringComparer.Ordinal).ToList());
    }

    /// <summary>
    /// Every same-identity pair, and as many different-identity pairs drawn at random without repeats, shuffled
    /// together. Different pairs vastly outnumber same ones (ORL's 30 training identities: 1,350 same, 43,500
    /// different); balancing keeps the head from learning "different" as the safe answer, and each call (one per
    /// epoch) draws fresh different pairs, so training sees many of them over the epochs.
    /// </summary>
    public static List<SamplePair> Balanced(IReadOnlyList<LabelledEmbedding> samples, Random random)
    {
        var pairs = VerificationEvaluator.AllPairs(samples).Where(p => p.Same).ToList();
        var differentAvailable = (long)samples.Count * (samples.Count - 1) / 2 - pairs.Count;
        if (pairs.Count == 0 || differentAvailable < pairs.Count)
            throw new InvalidInputException($"Balanced pairs need same-identity pairs and at least as many different ones; got {pairs.Count} same and {differentAvailable} different.");
        var drawn = new HashSet<(int, int)>();
        var same = pairs.Count;
        while (drawn.Count < same)
        {
            var (i, j) = (random.Next(samples.Count), random.Next(samples.Count));
            if (samples[i].Identity == samples[j].Identity) continue;
            if (drawn.Add((Math.Min(i, j), Math.Max(i, j)))) pairs.Add(new SamplePair(Math.Min(i, j), Math.Max(i, j), false));
        }
        var shuffled = pairs.ToArray();
        random.Shuffle(shuffled);
        return [.. shuffled];
    }
}
