using FaceActors.Vision;
using FaceActors.Recognition.Evaluation;

namespace FaceActors.Recognition.Tests.Evaluation;

/// <summary>
/// Unit embeddings at chosen angles, so every cosine is cos(angle difference) and the answers can be worked
/// out by hand.
/// </summary>
public class VerificationEvaluatorSpec
{
    private static LabelledEmbedding At(string identity, double degrees) =>
        new(identity, [(float)Math.Cos(degrees * Math.PI / 180), (float)Math.Sin(degrees * Math.PI / 180)]);

    private static double Cos(double degrees) => Math.Cos(degrees * Math.PI / 180);

    [Fact]
    public void Separable_identities_are_perfect_and_the_threshold_sits_between_the_classes()
    {
        // Same pairs: 10 deg apart (x2). Different: 90, 80, 80, 70 deg apart.
        var report = VerificationEvaluator.Evaluate([At("a", 0), At("a", 10), At("b", 90), At("b", 80)]);

        Assert.Equal(2, report.Scores.Same.Count);
        Assert.Equal(4, report.Scores.Different.Count);
        Assert.Equal(Cos(10), report.Scores.Same.Mean, 5);
        Assert.Equal(0, report.Scores.Same.StandardDeviation, 5);
        Assert.Equal((Cos(90) + 2 * Cos(80) + Cos(70)) / 4, report.Scores.Different.Mean, 5);
        Assert.Equal(1, report.Scores.BestAccuracy, 9);
        Assert.Equal((Cos(10) + Cos(70)) / 2, report.Scores.BestThreshold, 5);
        Assert.Equal(0, report.Scores.EqualErrorRate, 9);
        Assert.Equal(1, report.Scores.RocAuc, 9);
        Assert.Equal(4, report.Rank1Probes);
        Assert.Equal(1, report.Rank1Accuracy, 9);
    }

    [Fact]
    public void Overlapping_identities_give_the_hand_worked_accuracy_eer_auc_and_rank1()
    {
        // a at 0 and 40 deg, b at 30 and 90 deg. Scores, best first: D .985, D .866, S .766, D .643, S .5, D 0.
        var report = VerificationEvaluator.Evaluate([At("a", 0), At("a", 40), At("b", 30), At("b", 90)]);

        Assert.Equal((Cos(40) + Cos(60)) / 2, report.Scores.Same.Mean, 5);
        Assert.Equal((Cos(40) - Cos(60)) / 2, report.Scores.Same.StandardDeviation, 5);
        // Accepting the top five: all same pairs, 3 of 4 different ones: (1 + 0.25) / 2.
        Assert.Equal(0.625, report.Scores.BestAccuracy, 9);
        Assert.Equal(Cos(60) / 2, report.Scores.BestThreshold, 5);
        // After the top three: false reject 0.5, false accept 0.5.
        Assert.Equal(0.5, report.Scores.EqualErrorRate, 9);
        // Same above different in 3 of 8 (same, different) pairs.
        Assert.Equal(0.375, report.Scores.RocAuc, 9);
        // Every sample's nearest neighbour is of the other identity.
        Assert.Equal(0, report.Rank1Accuracy, 9);
    }

    [Fact]
    public void A_tie_between_a_same_and_a_different_pair_counts_half_in_the_auc()
    {
        // a at 0 and 60; b at 120 and 180. Same: 60, 60. Different: 120, 180, 60 (a60-b120), 120.
        var report = VerificationEvaluator.Evaluate([At("a", 0), At("a", 60), At("b", 120), At("b", 180)]);

        // Two same pairs at cos 60 tie with one different pair and beat three: (2 * 3 + 2 * 0.5) / 8.
        Assert.Equal(7.0 / 8, report.Scores.RocAuc, 6);
    }

    [Fact]
    public void A_singleton_identity_is_compared_but_is_no_rank1_probe()
    {
        var report = VerificationEvaluator.Evaluate([At("a", 0), At("a", 10), At("b", 90), At("b", 80), At("c", 225)]);

        Assert.Equal(4, report.Rank1Probes);
        Assert.Equal(1, report.Rank1Accuracy, 9);
        Assert.Equal(8, report.Scores.Different.Count);
    }

    [Fact]
    public void Embeddings_need_not_be_unit_length()
    {
        Assert.Equal(Cos(45), VerificationEvaluator.Cosine([3, 0], [2, 2]), 5);
    }

    [Fact]
    public void Without_different_pairs_there_is_nothing_to_evaluate()
    {
        Assert.Throws<InvalidInputException>(() => VerificationEvaluator.Evaluate([At("a", 0), At("a", 10)]));
    }
}
