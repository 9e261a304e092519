using FaceActors.Vision;
namespace FaceActors.Recognition.Evaluation;

/// <summary>
/// Summarises how well a similarity score separates same from different pairs (any score: cosine, a trained
/// head), and scores every pair of embeddings by cosine with rank-1 identification on top.
/// </summary>
public static class VerificationEvaluator
{
    public static VerificationReport Evaluate(IReadOnlyList<LabelledEmbedding> samples)
    {
        var units = samples.Select(s => Unit(s.Embedding)).ToArray();
        var pairs = AllPairs(samples);
        var scores = pairs.Select(p => Dot(units[p.First], units[p.Second])).ToArray();
        var (probes, rank1) = Rank1(samples, units);
        return new VerificationReport(EvaluateScores(pairs, scores), probes, rank1);
    }

    /// <summary>Every unordered pair of samples, in a fixed order, marked same or different identity.</summary>
    public static IReadOnlyList<SamplePair> AllPairs(IReadOnlyList<LabelledEmbedding> samples)
    {
        var pairs = new List<SamplePair>(samples.Count * (samples.Count - 1) / 2);
        for (var i = 0; i < samples.Count; i++)
        for (var j = i + 1; j < samples.Count; j++)
            pairs.Add(new SamplePair(i, j, samples[i].Identity == samples[j].Identity));
        return pairs;
    }

    /// <summary>Accuracy, threshold, EER and AUC of <paramref name="scores"/>, one per pair (higher = more alike).</summary>
    public static ScoreReport EvaluateScores(IReadOnlyList<SamplePair> pairs, IReadOnlyList<float> scores)
    {
        if (pairs.Count != scores.Count) throw new ArgumentException($"{pairs.Count} pairs but {scores.Count} scores.", nameof(scores));
        var same = new List<float>();
        var different = new List<float>();
        for (var k = 0; k < pairs.Count; k++) (pairs[k].Same ? same : different).Add(scores[k]);
        if (same.Count == 0 || different.Count == 0)
            throw new InvalidInputException($"Evaluation needs same and different pairs; got {same.Count} same and {different.Count} different. Give at least two identities, one with two samples.");

        var sweep = Sweep(same, different);
        var (accuracy, threshold) = BestBalancedAccuracy(sweep);
        return new ScoreReport(Statistics(same), Statistics(different), accuracy, threshold, EqualErrorRate(sweep), RocAuc(sweep));
    }

    public static float Cosine(float[] a, float[] b) => Dot(Unit(a), Unit(b));

    /// <summary>
    /// One point per distinct score, lowering the threshold from above every score: at each, the share of
    /// same pairs accepted (true accept rate) and of different pairs accepted (false accept rate) when
    /// score &gt;= that score. The first point accepts nothing.
    /// </summary>
    private readonly record struct SweepPoint(double Score, double TrueAccept, double FalseAccept);

    private static List<SweepPoint> Sweep(List<float> same, List<float> different)
    {
        var all = same.Select(s => (Score: s, Same: true)).Concat(different.Select(d => (Score: d, Same: false)))
            .OrderByDescending(p => p.Score).ToArray();
        var points = new List<SweepPoint> { new(double.PositiveInfinity, 0, 0) };
        var (acceptedSame, acceptedDifferent) = (0, 0);
        for (var i = 0; i < all.Length; i++)
        {
            if (all[i].Same) acceptedSame++;
            else acceptedDifferent++;
            if (i + 1 < all.Length && all[i + 1].Score == all[i].Score) continue; // ties move together
            points.Add(new SweepPoint(all[i].Score, (double)acceptedSame / same.Count, (double)acceptedDifferent / different.Count));
        }
        return points;
    }

    private static (double Accuracy, double Threshold) BestBalancedAccuracy(List<SweepPoint> sweep)
    {
        var best = 0;
        for (var k = 1; k < sweep.Count; k++)
            if (Balanced(sweep[k]) > Balanced(sweep[best])) best = k;
        var threshold = best == 0 ? sweep[1].Score + 1e-6 // accepting nothing: just above the top score
            : best + 1 < sweep.Count ? (sweep[best].Score + sweep[best + 1].Score) / 2
            : sweep[best].Score;
        return (Balanced(sweep[best]), threshold);

        static double Balanced(SweepPoint p) => (p.TrueAccept + 1 - p.FalseAccept) / 2;
    }

    /// <summary>False reject (1 - true accept) falls and false accept rises as the threshold drops; interpolate where they cross.</summary>
    private static double EqualErrorRate(List<SweepPoint> sweep)
    {
        for (var k = 1; k < sweep.Count; k++)
        {
            var (before, at) = (Gap(sweep[k - 1]), Gap(sweep[k]));
            if (at > 0) continue;
            var t = before / (before - at);
            return sweep[k - 1].FalseAccept + t * (sweep[k].FalseAccept - sweep[k - 1].FalseAccept);
        }
        return 1; // unreachable: the last point accepts everything, so its gap is -1
        static double Gap(SweepPoint p) => (1 - p.TrueAccept) - p.FalseAccept;
    }

    /// <summary>Trapezoids under the ROC points; a tied group is a diagonal segment, which counts ties as half.</summary>
    private static double RocAuc(List<SweepPoint> sweep)
    {
        var area = 0.0;
        for (var k = 1; k < sweep.Count; k++)
            area += (sweep[k].FalseAccept - sweep[k - 1].FalseAccept) * (sweep[k].TrueAccept + sweep[k - 1].TrueAccept) / 2;
        return area;
    }

    private static (int Probes, double Accuracy) Rank1(IReadOnlyList<LabelledEmbedding> samples, float[][] units)
    {
        var counts = samples.GroupBy(s => s.Identity).ToDictionary(g => g.Key, g => g.Count());
        var (probes, correct) = (0, 0);
        for (var i = 0; i < units.Length; i++)
        {
            if (counts[samples[i].Identity] < 2) continue;
            probes++;
            var (nearest, best) = (-1, float.NegativeInfinity);
            for (var j = 0; j < units.Length; j++)
            {
                if (j == i) continue;
                var score = Dot(units[i], units[j]);
                if (score > best) (nearest, best) = (j, score);
            }
            if (samples[nearest].Identity == samples[i].Identity) correct++;
        }
        return (probes, probes == 0 ? 0 : (double)correct / probes);
    }

    private static ScoreStatistics Statistics(List<float> scores)
    {
        var mean = scores.Average(s => (double)s);
        var variance = scores.Average(s => (s - mean) * (s - mean));
        return new ScoreStatistics(scores.Count, mean, Math.Sqrt(variance));
    }

    private static float[] Unit(float[] v)
    {
        var norm = Math.Sqrt(v.Sum(x => (double)x * x));
        if (norm == 0) throw new ArgumentException("An embedding of all zeros has no direction; cosine similarity is undefined.");
        return v.Select(x => (float)(x / norm)).ToArray();
    }

    private static float Dot(float[] a, float[] b)
    {
        if (a.Length != b.Length) throw new ArgumentException($"Embeddings of different sizes ({a.Length} and {b.Length}) cannot be compared.");
        var sum = 0f;
        for (var i = 0; i < a.Length; i++) sum += a[i] * b[i];
        return sum;
    }
}
