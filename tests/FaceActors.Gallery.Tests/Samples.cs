using FaceActors.Gallery.Model;

namespace FaceActors.Gallery.Tests;

/// <summary>Synthetic samples: random unit vectors (nearly orthogonal in 128 dimensions), from a seed so failures reproduce.</summary>
public static class Samples
{
    public static readonly EmbedderId Embedder = new("mobilefacenet.onnx", new string('a', 64));
    public static readonly EmbedderId OtherEmbedder = new("arcface.onnx", new string('b', 64));

    public static float[] UnitVector(Random random, int dimension = 128)
    {
        var v = new float[dimension];
        for (var i = 0; i < v.Length; i++) v[i] = (float)(random.NextDouble() * 2 - 1);
        var norm = MathF.Sqrt(v.Sum(x => x * x));
        for (var i = 0; i < v.Length; i++) v[i] /= norm;
        return v;
    }

    public static GallerySample Of(float[] embedding, EmbedderId? embedder = null, string source = "photo.jpg", byte[]? image = null) =>
        new(Guid.NewGuid(), embedding, embedder ?? Embedder, DateTimeOffset.UtcNow, new SampleQuality(0.99f, 120, 250), source, image);

    public static GallerySample Random(Random random, EmbedderId? embedder = null, string source = "photo.jpg") => Of(UnitVector(random), embedder, source);

    /// <summary>A vector at cosine <paramref name="cosine"/> to <paramref name="near"/> (still unit length).</summary>
    public static float[] Near(float[] near, float cosine, Random random)
    {
        var noise = UnitVector(random, near.Length);
        var dot = near.Zip(noise, (a, b) => a * b).Sum();
        var orthogonal = noise.Zip(near, (n, a) => n - dot * a).ToArray();
        var norm = MathF.Sqrt(orthogonal.Sum(x => x * x));
        var sine = MathF.Sqrt(1 - cosine * cosine);
        return near.Zip(orthogonal, (a, o) => cosine * a + sine * o / norm).ToArray();
    }
}
