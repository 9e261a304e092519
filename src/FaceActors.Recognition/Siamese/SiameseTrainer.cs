using FaceActors.Vision;
using System.Numerics.Tensors;
using FaceActors.Recognition.Evaluation;

namespace FaceActors.Recognition.Siamese;

/// <summary>How the head is trained. The defaults were chosen once on ORL's training identities, not on validation.</summary>
/// <param name="Hidden">Hidden units. 1..1024.</param>
/// <param name="Epochs">Passes over freshly balanced pairs. 1..10,000.</param>
/// <param name="BatchSize">Pairs per Adam step.</param>
/// <param name="LearningRate">Adam's step size.</param>
/// <param name="WeightDecay">Decoupled (AdamW) decay of the hidden and output weights, not of the cosine skip.</param>
/// <param name="Seed">Seeds the split, the initial weights and the pair sampling: the same seed and data give the same head.</param>
public sealed record SiameseTrainingOptions(
    int Hidden = 32,
    int Epochs = 30,
    int BatchSize = 64,
    float LearningRate = 1e-3f,
    float WeightDecay = 1e-3f,
    int Seed = 1)
{
    public SiameseTrainingOptions Validate()
    {
        if (Hidden is < 1 or > 1024) throw new InvalidInputException($"The head's hidden units must be 1..1024, got {Hidden}.");
        if (Epochs is < 1 or > 10_000) throw new InvalidInputException($"Epochs must be 1..10000, got {Epochs}.");
        if (BatchSize < 1) throw new InvalidInputException($"The batch size must be positive, got {BatchSize}.");
        if (LearningRate is <= 0 or > 1) throw new InvalidInputException($"The learning rate must be in (0, 1], got {LearningRate}.");
        if (WeightDecay is < 0 or > 1) throw new InvalidInputException($"The weight decay must be 0..1, got {WeightDecay}.");
        return this;
    }
}

/// <summary>
/// Trains a <see cref="SiameseHead"/> on balanced pairs with binary cross-entropy and Adam, in plain C#
/// (forward and backward by hand; the network is one hidden layer). Single-threaded with a seeded
/// <see cref="Random"/>, so a seed gives bit-identical weights on a machine.
/// </summary>
public static class SiameseTrainer
{
    private const float Beta1 = 0.9f, Beta2 = 0.999f, Epsilon = 1e-8f;

    public static SiameseHead Train(IReadOnlyList<LabelledEmbedding> samples, SiameseTrainingOptions options, IProgress<int>? epochs = null)
    {
        options.Validate();
        var dimension = samples[0].Embedding.Length;
        if (samples.Any(s => s.Embedding.Length != dimension)) throw new InvalidInputException("Every training embedding must have the same length (one embedder).");
        var random = new Random(options.Seed);
        var head = Initial(samples, dimension, options.Hidden, random);
        var gradients = Parameters.Zero(head);
        var (m, v) = (Parameters.Zero(head), Parameters.Zero(head));
        var features = new float[head.FeatureLength];
        var hidden = new float[head.Hidden];
        var step = 0;

        for (var epoch = 0; epoch < options.Epochs; epoch++)
        {
            var pairs = PairSampler.Balanced(samples, random);
            for (var start = 0; start < pairs.Count; start += options.BatchSize)
            {
                var batch = Math.Min(options.BatchSize, pairs.Count - start);
                gradients.Clear();
                for (var p = start; p < start + batch; p++)
                    Backward(head, samples[pairs[p].First].Embedding, samples[pairs[p].Second].Embedding, pairs[p].Same ? 1 : 0,
                        features, hidden, gradients, 1f / batch);
                Adam(head, gradients, m, v, ++step, options);
            }
            epochs?.Report(epoch + 1);
        }
        return head;
    }

    /// <summary>
    /// Hidden weights drawn He-normal from the seed; the output's hidden weights zero, so the head starts as
    /// the cosine skip alone: a logistic on cosine placed at the midpoint of the same and different means
    /// (logit +4 at the same mean, -4 at the different mean).
    /// </summary>
    private static SiameseHead Initial(IReadOnlyList<LabelledEmbedding> samples, int dimension, int hidden, Random random)
    {
        var features = 2 * dimension;
        var w1 = new float[hidden * features];
        var deviation = MathF.Sqrt(2f / features);
        for (var i = 0; i < w1.Length; i++) w1[i] = deviation * Gaussian(random);

        var pairs = VerificationEvaluator.AllPairs(samples);
        var (same, different) = (pairs.Where(p => p.Same).Select(Cosine).Average(), pairs.Where(p => !p.Same).Select(Cosine).Average());
        var alpha = (float)(8 / Math.Max(same - different, 1e-3));
        var w2 = new float[hidden + 1];
        w2[hidden] = alpha;
        return new SiameseHead(dimension, hidden, w1, new float[hidden], w2, (float)(-alpha * (same + different) / 2));

        double Cosine(SamplePair p) => TensorPrimitives.Dot(samples[p.First].Embedding, samples[p.Second].Embedding);
    }

    /// <summary>Adds this pair's share (<paramref name="weight"/>) of the cross-entropy gradient.</summary>
    internal static void Backward(SiameseHead head, float[] a, float[] b, float label, float[] features, float[] hidden, Parameters g, float weight)
    {
        var logit = head.Logit(a, b, features, hidden, out var cosine);
        // d(BCE)/d(logit) = sigmoid(logit) - label.
        var delta = (SiameseHead.Sigmoid(logit) - label) * weight;
        var n = head.Hidden;
        TensorPrimitives.MultiplyAdd(hidden, delta, g.W2.AsSpan(0, n), g.W2.AsSpan(0, n));
        g.W2[n] += delta * cosine;
        g.B2[0] += delta;
        for (var j = 0; j < n; j++)
        {
            if (hidden[j] <= 0) continue; // ReLU passes no gradient where it was off.
            var dz = delta * head.W2[j];
            g.B1[j] += dz;
            var row = g.W1.AsSpan(j * head.FeatureLength, head.FeatureLength);
            TensorPrimitives.MultiplyAdd(features, dz, row, row);
        }
    }

    private static void Adam(SiameseHead head, Parameters g, Parameters m, Parameters v, int step, SiameseTrainingOptions options)
    {
        var correction1 = 1 - MathF.Pow(Beta1, step);
        var correction2 = 1 - MathF.Pow(Beta2, step);
        var decay = options.LearningRate * options.WeightDecay;
        Update(head.W1, g.W1, m.W1, v.W1, decay);
        Update(head.B1, g.B1, m.B1, v.B1, 0);
        // The cosine skip (last of W2) is not decayed: it is the baseline the head falls back on.
        Update(head.W2.AsSpan(0, head.Hidden), g.W2.AsSpan(0, head.Hidden), m.W2.AsSpan(0, head.Hidden), v.W2.AsSpan(0, head.Hidden), decay);
        Update(head.W2.AsSpan(head.Hidden), g.W2.AsSpan(head.Hidden), m.W2.AsSpan(head.Hidden), v.W2.AsSpan(head.Hidden), 0);
        Span<float> b2 = [head.B2];
        Update(b2, g.B2, m.B2, v.B2, 0);
        head.B2 = b2[0];

        void Update(Span<float> w, ReadOnlySpan<float> grad, Span<float> mw, Span<float> vw, float weightDecay)
        {
            for (var i = 0; i < w.Length; i++)
            {
                mw[i] = Beta1 * mw[i] + (1 - Beta1) * grad[i];
                vw[i] = Beta2 * vw[i] + (1 - Beta2) * grad[i] * grad[i];
                w[i] -= options.LearningRate * (mw[i] / correction1) / (MathF.Sqrt(vw[i] / correction2) + Epsilon) + weightDecay * w[i];
            }
        }
    }

    /// <summary>A standard normal draw (Box-Muller), from the seeded generator only.</summary>
    private static float Gaussian(Random random)
    {
        var u = 1 - random.NextDouble();
        return (float)(Math.Sqrt(-2 * Math.Log(u)) * Math.Cos(2 * Math.PI * random.NextDouble()));
    }

    /// <summary>A buffer shaped like the head's parameters: gradients and Adam's two moments.</summary>
    internal sealed record Parameters(float[] W1, float[] B1, float[] W2, float[] B2)
    {
        public static Parameters Zero(SiameseHead head) => new(new float[head.W1.Length], new float[head.B1.Length], new float[head.W2.Length], new float[1]);

        public void Clear()
        {
            Array.Clear(W1);
            Array.Clear(B1);
            Array.Clear(W2);
            Array.Clear(B2);
        }
    }
}
