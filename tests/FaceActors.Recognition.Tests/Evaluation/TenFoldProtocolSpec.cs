using FaceActors.Recognition.Evaluation;

namespace FaceActors.Recognition.Tests.Evaluation;

public sealed class TenFoldProtocolSpec
{
    private static VerificationPair Pair(int fold, bool same) => new(fold, same, new DatasetImage("a", "a.jpg"), new DatasetImage("b", "b.jpg"));

    [Fact]
    public void The_best_threshold_sits_midway_in_the_gap_that_separates_the_most_pairs()
    {
        var threshold = TenFoldProtocol.BestThreshold([(0.9f, true), (0.7f, true), (0.4f, false), (0.1f, false), (0.8f, false)]);

        // Above 0.8 only one same pair is right; between 0.4 and 0.7 all but the 0.8 different pair are.
        Assert.Equal(0.55, threshold, 5);
    }

    [Fact]
    public void Each_fold_is_judged_by_the_threshold_of_the_others()
    {
        // Folds 0 and 1 separate at 0.5; fold 2's scores sit lower, so the threshold from folds 0 and 1 fails its same pairs.
        var pairs = new List<VerificationPair>();
        var scores = new List<float?>();
        void Add(int fold, bool same, float score)
        {
            pairs.Add(Pair(fold, same));
            scores.Add(score);
        }
        foreach (var fold in new[] { 0, 1 })
        {
            Add(fold, true, 0.8f);
            Add(fold, true, 0.7f);
            Add(fold, false, 0.3f);
            Add(fold, false, 0.2f);
        }
        Add(2, true, 0.45f);
        Add(2, true, 0.4f);
        Add(2, false, 0.1f);
        Add(2, false, 0.05f);

        var result = TenFoldProtocol.Evaluate(pairs, scores);

        Assert.Equal([1.0, 1.0, 0.5], result.Folds.Select(f => f.Accuracy));
        Assert.Equal(2.5 / 3, result.MeanAccuracy, 6);
        Assert.Equal(Math.Sqrt((2 * Math.Pow(1 - 2.5 / 3, 2) + Math.Pow(0.5 - 2.5 / 3, 2)) / 3), result.StandardDeviation, 6);
    }

    [Fact]
    public void An_unscored_pair_is_an_error_and_takes_no_part_in_thresholds()
    {
        var pairs = new[] { Pair(0, true), Pair(0, false), Pair(1, true), Pair(1, false), Pair(1, true) };
        var scores = new float?[] { 0.9f, 0.1f, 0.8f, 0.2f, null };

        var result = TenFoldProtocol.Evaluate(pairs, scores);

        Assert.Equal(1.0, result.Folds[0].Accuracy);
        Assert.Equal(2.0 / 3, result.Folds[1].Accuracy, 6);
        Assert.Equal(1, result.Folds[1].Unscored);
    }
}
