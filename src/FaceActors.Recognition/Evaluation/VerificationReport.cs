namespace FaceActors.Recognition.Evaluation;

/// <summary>An embedding and whose face it is.</summary>
public sealed record LabelledEmbedding(string Identity, float[] Embedding);

/// <summary>How many scores, their mean and (population) standard deviation.</summary>
public readonly record struct ScoreStatistics(int Count, double Mean, double StandardDeviation);

/// <summary>
/// How well one similarity score separates same-identity pairs from different-identity pairs. The score
/// may be cosine or a trained head's output; higher must mean "more alike".
/// </summary>
/// <param name="Same">Scores of same-identity pairs.</param>
/// <param name="Different">Scores of different-identity pairs.</param>
/// <param name="BestAccuracy">Best balanced accuracy, (true accept rate + true reject rate) / 2, over all thresholds.</param>
/// <param name="BestThreshold">Its threshold: a pair is "same" when score &gt;= this. Halfway between the last accepted and the first rejected score.</param>
/// <param name="EqualErrorRate">Where false accept and false reject rates meet, interpolated between thresholds.</param>
/// <param name="RocAuc">Area under the ROC curve: the chance a same pair scores above a different pair (ties count half).</param>
public sealed record ScoreReport(
    ScoreStatistics Same,
    ScoreStatistics Different,
    double BestAccuracy,
    double BestThreshold,
    double EqualErrorRate,
    double RocAuc)
{
    public override string ToString() =>
        $"pairs same {Same.Count} ({Same.Mean:F3}±{Same.StandardDeviation:F3}), different {Different.Count} ({Different.Mean:F3}±{Different.StandardDeviation:F3}); " +
        $"best accuracy {BestAccuracy:P2} at >= {BestThreshold:F3}; EER {EqualErrorRate:P2}; AUC {RocAuc:F4}";
}

/// <summary>Verification by cosine over every pair of a set of embeddings, and leave-one-out identification.</summary>
/// <param name="Scores">The cosine scores of every pair, summarised.</param>
/// <param name="Rank1Probes">Samples whose identity has at least one other sample; the others cannot be identified.</param>
/// <param name="Rank1Accuracy">Leave-one-out: the share of probes whose nearest other sample (by cosine) has their identity.</param>
public sealed record VerificationReport(ScoreReport Scores, int Rank1Probes, double Rank1Accuracy)
{
    public override string ToString() => $"{Scores}; rank-1 {Rank1Accuracy:P2} of {Rank1Probes}";
}

/// <summary>Two samples by index, and whether they are of the same identity.</summary>
public readonly record struct SamplePair(int First, int Second, bool Same);
