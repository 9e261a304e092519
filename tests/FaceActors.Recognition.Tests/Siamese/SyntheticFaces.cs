using FaceActors.Recognition.Evaluation;
using FaceActors.Recognition.Siamese;

namespace FaceActors.Recognition.Tests.Siamese;

/// <summary>Unit embeddings clustered by identity (a random centre plus noise), and hand-set heads, for tests that need no models.</summary>
internal static class SyntheticFaces
{
    public static List<LabelledEmbedding> Clusters(int identities, int perIdentity, int dimension, float noise, int seed)
    {
        var random = new Random(seed);
        var samples = new List<LabelledEmbedding>();
        for (var i = 0; i < identities; i++)
        {
            var centre = Gaussian(random, dimension);
            for (var k = 0; k < perIdentity; k++)
            {
                var sample = Gaussian(random, dimension);
                for (var d = 0; d < dimension; d++) sample[d] = centre[d] + noise * sample[d];
                samples.Add(new LabelledEmbedding($"id{i:D2}", Unit(sample)));
            }
        }
        return samples;
    }

    public static float[] Unit(float[] v)
    {
        var norm = MathF.Sqrt(v.Sum(x => x * x));
        return v.Select(x => x / norm).ToArray();
    }

    /// <summary>A unit vector in the plane of the first two axes, at <paramref name="degrees"/>.</summary>
    public static float[] At(double degrees, int dimension = 4)
    {
        var v = new float[dimension];
        v[0] = (float)Math.Cos(degrees * Math.PI / 180);
        v[1] = (float)Math.Sin(degrees * Math.PI / 180);
        return v;
    }

    /// <summary>A head that is only its cosine skip: similarity = sigmoid(alpha · cos + beta).</summary>
    public static SiameseHead CosineOnly(int dimension, float alpha, float beta) =>
        new(dimension, 1, new float[2 * dimension], [0f], [0f, alpha], beta);

    /// <summary>Writes <paramref name="head"/> as ONNX to <paramref name="path"/> and returns the path.</summary>
    public static string Export(SiameseHead head, string path)
    {
        File.WriteAllBytes(path, SiameseHeadOnnx.Export(head));
        return path;
    }

    private static float[] Gaussian(Random random, int n) =>
        Enumerable.Range(0, n).Select(_ => (float)(Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble()))).ToArray();
}
