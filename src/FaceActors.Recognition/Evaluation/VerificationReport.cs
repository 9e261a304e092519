namespace FaceActors.Recognition.Evaluation;

/// <summary>An embedding and whose face it is.</summary>
public sealed record LabelledEmbedding(string Identity, float[] Embedding);

/// <summary>How many cosine scores, their mean and (population) standard deviation.</summary>
public readonly record struct ScoreStatistics(int Count, double Mean, double StandardDeviation);

/// <summary>
/// Verification and identification quality of a set of embeddings, over every pair.
/// </summary>
/// <param name="Same">Cosine similarity of same-identity pairs.</param>
/// <param name="Different">Cosine similarity of different-identity pairs.</param>
/// <param name="BestAccuracy">Best balanced accuracy, (true accept rate + true reject rate) / 2, over all thresholds.</param>
/// <param name="BestThreshold">Its threshold: a pair is "same" when cosine &gt;= this. Halfway between the last accepted and the first rejected score.</param>
/// <param name="EqualErrorRate">Where false accept and false reject rates meet, interpolated between thresholds.</param>
/// <param name="RocAuc">Area under the ROC curve: the chance a same pair scores above a different pair (ties count half).</param>
/// <param name="Rank1Probes">Samples whose identity has at least one other sample; the others cannot be identified.</param>
/// <param name="Rank1Accuracy">Leave-one-out: the share of probes whose nearest other sample (by cosine) has their identity.</param>
public sealed record VerificationReport(
    ScoreStatistics Same,
    ScoreStatistics Different,
    double BestAccuracy,
    double BestThreshold,
    double EqualErrorRate,
    double RocAuc,
    int Rank1Probes,
    double Rank1Accuracy)
{
    public override string ToString() =>
        $"pairs same {Same.Count} (cos {Same.Mean:F3}±{Same.StandardDeviation:F3}), different {Different.Count} (cos {Different.Mean:F3}±{Different.StandardDeviation:F3}); " +
        $"best accuracy {BestAccuracy:P2} at cos >= {BestThreshold:F3}; EER {EqualErrorRate:P2}; AUC {RocAuc:F4}; rank-1 {Rank1Accuracy:P2} of {Rank1Probes}";
}
