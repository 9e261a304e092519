using System.Numerics.Tensors;

namespace FaceActors.Recognition.Siamese;

/// <summary>
/// The Siamese similarity head: a small network that scores a pair of unit embeddings (a, b) in 0..1.
/// <code>
/// s = sqrt(d);  f = [ |s·a − s·b| , s·a ⊙ s·b ]                      (2d pair features)
/// h = relu(W1 f + b1)                                                (Hidden units)
/// similarity = sigmoid(w2 · h + α · cos(a, b) + β)
/// </code>
/// The √d scale brings the features of 192-d unit vectors (each about 0.07) to about 1, the range the
/// initialisation assumes. The cosine skip (α, β) lets the head start exactly as a calibrated cosine
/// matcher (w2 = 0) and learn corrections on top, so training cannot begin worse than the baseline.
/// The same arithmetic, in the same order, is exported to ONNX by <see cref="SiameseHeadOnnx"/>.
/// </summary>
public sealed class SiameseHead
{
    /// <param name="w1">Hidden x 2·Dimension, row-major.</param>
    /// <param name="w2">Hidden weights of the output, then α (the cosine's weight) last.</param>
    public SiameseHead(int dimension, int hidden, float[] w1, float[] b1, float[] w2, float b2)
    {
        if (dimension < 1 || hidden < 1) throw new ArgumentOutOfRangeException(nameof(hidden), "A head needs at least one input value and one hidden unit.");
        if (w1.Length != hidden * 2 * dimension || b1.Length != hidden || w2.Length != hidden + 1)
            throw new ArgumentException($"Weights of the wrong size for a head of {dimension} inputs and {hidden} hidden units.");
        (Dimension, Hidden, W1, B1, W2, B2) = (dimension, hidden, w1, b1, w2, b2);
    }

    public int Dimension { get; }
    public int Hidden { get; }
    public float[] W1 { get; }
    public float[] B1 { get; }
    public float[] W2 { get; }
    public float B2 { get; set; }

    public int FeatureLength => 2 * Dimension;

    public float InputScale => MathF.Sqrt(Dimension);

    /// <summary>The similarity of one pair, 0..1.</summary>
    public float Similarity(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        var features = new float[FeatureLength];
        var hidden = new float[Hidden];
        return Sigmoid(Logit(a, b, features, hidden, out _));
    }

    /// <summary>
    /// The output before the sigmoid, keeping the pair features, the hidden activations and the cosine for
    /// back-propagation. <paramref name="features"/> and <paramref name="hidden"/> are overwritten.
    /// </summary>
    public float Logit(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> features, Span<float> hidden, out float cosine)
    {
        if (a.Length != Dimension || b.Length != Dimension)
            throw new ArgumentException($"The head compares embeddings of {Dimension} values, not {a.Length} and {b.Length}.");
        var scale = InputScale;
        var difference = features[..Dimension];
        var product = features[Dimension..];
        var productSum = 0f;
        for (var i = 0; i < Dimension; i++)
        {
            var (sa, sb) = (a[i] * scale, b[i] * scale);
            difference[i] = MathF.Abs(sa - sb);
            product[i] = sa * sb;
        }
        for (var i = 0; i < Dimension; i++) productSum += product[i] / Dimension;
        cosine = productSum;
        for (var j = 0; j < Hidden; j++)
            hidden[j] = MathF.Max(0, TensorPrimitives.Dot(W1.AsSpan(j * FeatureLength, FeatureLength), features) + B1[j]);
        return TensorPrimitives.Dot(W2.AsSpan(0, Hidden), hidden) + W2[Hidden] * cosine + B2;
    }

    public static float Sigmoid(float logit) => 1 / (1 + MathF.Exp(-logit));

    public SiameseHead Clone() => new(Dimension, Hidden, (float[])W1.Clone(), (float[])B1.Clone(), (float[])W2.Clone(), B2);
}
