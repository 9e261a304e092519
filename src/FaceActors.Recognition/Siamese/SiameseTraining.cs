using System.Numerics.Tensors;
using FaceActors.Recognition.Evaluation;

namespace FaceActors.Recognition.Siamese;

/// <summary>A trained head and how it and plain cosine did on the same validation pairs.</summary>
/// <param name="Cosine">Cosine on every validation pair: the baseline.</param>
/// <param name="HeadScores">The head on the same pairs; its best-accuracy threshold is the head's calibrated threshold.</param>
public sealed record SiameseTrainingResult(
    SiameseHead Head,
    IdentitySplit Split,
    int TrainImages,
    int ValidationImages,
    ScoreReport Cosine,
    ScoreReport HeadScores)
{
    /// <summary>The head similarity that names a face: where balanced accuracy was best on validation.</summary>
    public float Threshold => (float)HeadScores.BestThreshold;
}

/// <summary>Splits by identity, trains the head on one side and measures it against cosine on the other.</summary>
public static class SiameseTraining
{
    /// <param name="validationIdentities">How many identities are held out; none of their images is seen in training.</param>
    public static SiameseTrainingResult Run(IReadOnlyList<LabelledEmbedding> samples, int validationIdentities, SiameseTrainingOptions options,
        IProgress<int>? epochs = null)
    {
        var split = PairSampler.SplitByIdentity(samples, validationIdentities, options.Seed);
        var held = split.Validation.ToHashSet();
        var train = samples.Where(s => !held.Contains(s.Identity)).ToList();
        var validation = samples.Where(s => held.Contains(s.Identity)).ToList();
        var head = SiameseTrainer.Train(train, options, epochs);

        // Every validation pair, not a balanced sample: EER and AUC weigh the two classes equally anyway,
        // and all pairs leave no sampling noise in the comparison.
        var pairs = VerificationEvaluator.AllPairs(validation);
        var cosines = pairs.Select(p => TensorPrimitives.Dot(validation[p.First].Embedding, validation[p.Second].Embedding)).ToArray();
        var similarities = pairs.Select(p => head.Similarity(validation[p.First].Embedding, validation[p.Second].Embedding)).ToArray();
        return new SiameseTrainingResult(head, split, train.Count, validation.Count,
            VerificationEvaluator.EvaluateScores(pairs, cosines), VerificationEvaluator.EvaluateScores(pairs, similarities));
    }
}
