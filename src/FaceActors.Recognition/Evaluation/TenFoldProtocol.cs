namespace FaceActors.Recognition.Evaluation;

/// <summary>One fold's result: the threshold chosen on the other folds, and the accuracy it gave here.</summary>
public sealed record FoldResult(int Fold, int Pairs, int Unscored, double Threshold, double Accuracy);

/// <summary>The protocol's result: every fold's, and the mean and standard deviation of their accuracies.</summary>
public sealed record FoldedVerification(IReadOnlyList<FoldResult> Folds, double MeanAccuracy, double StandardDeviation);

/// <summary>
/// LFW's verification protocol over any pair score: for each fold, the threshold with the best accuracy on the other
/// folds' pairs is applied to this fold's. A pair without a score (a face not found) is an error in its own fold and
/// plays no part in choosing thresholds.
/// </summary>
public static class TenFoldProtocol
{
    /// <param name="scores">One per pair, in order; null where the pair could not be scored.</param>
    public static FoldedVerification Evaluate(IReadOnlyList<VerificationPair> pairs, IReadOnlyList<float?> scores)
    {
        if (pairs.Count != scores.Count) throw new ArgumentException($"{pairs.Count} pairs but {scores.Count} scores.", nameof(scores));
        var folds = pairs.Select(p => p.Fold).Distinct().Order().ToList();
        var results = folds.Select(fold =>
        {
            var training = Enumerable.Range(0, pairs.Count).Where(i => pairs[i].Fold != fold && scores[i] is not null)
                .Select(i => (Score: scores[i]!.Value, pairs[i].Same)).ToList();
            var threshold = BestThreshold(training);
            var testing = Enumerable.Range(0, pairs.Count).Where(i => pairs[i].Fold == fold).ToList();
            var correct = testing.Count(i => scores[i] is { } score && score >= threshold == pairs[i].Same);
            return new FoldResult(fold, testing.Count, testing.Count(i => scores[i] is null), threshold, (double)correct / testing.Count);
        }).ToList();
        var mean = results.Average(r => r.Accuracy);
        var std = Math.Sqrt(results.Average(r => (r.Accuracy - mean) * (r.Accuracy - mean)));
        return new FoldedVerification(results, mean, std);
    }

    /// <summary>The threshold (score ≥ it means "same") with the most pairs right, midway between neighbouring scores.</summary>
    public static double BestThreshold(IReadOnlyList<(float Score, bool Same)> pairs)
    {
        if (pairs.Count == 0) throw new InvalidOperationException("No scored pairs to choose a threshold on.");
        var sorted = pairs.OrderBy(p => p.Score).ToList();
        // Threshold below everything: every pair called "same".
        var correct = sorted.Count(p => p.Same);
        var (best, bestThreshold) = (correct, (double)sorted[0].Score - 1e-6);
        for (var k = 0; k < sorted.Count; k++)
        {
            // Moving the threshold just above sorted[k] turns it into "different".
            correct += sorted[k].Same ? -1 : 1;
            if (k + 1 < sorted.Count && sorted[k + 1].Score == sorted[k].Score) continue;
            if (correct <= best) continue;
            best = correct;
            bestThreshold = k + 1 < sorted.Count ? (sorted[k].Score + sorted[k + 1].Score) / 2.0 : sorted[k].Score + 1e-6;
        }
        return bestThreshold;
    }
}
