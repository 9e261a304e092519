using FaceActors.Recognition.Evaluation;
using FaceActors.Recognition.Siamese;

namespace FaceActors.Recognition.Tests.Siamese;

public sealed class SiameseHeadSpec : IDisposable
{
    private static readonly List<LabelledEmbedding> Faces = SyntheticFaces.Clusters(identities: 16, perIdentity: 6, dimension: 16, noise: 0.6f, seed: 11);
    private static readonly SiameseTrainingOptions Short = new(Hidden: 8, Epochs: 5, Seed: 4);
    private readonly string _temp = Directory.CreateTempSubdirectory("faceactors-siamese-").FullName;

    public void Dispose() => Directory.Delete(_temp, recursive: true);

    [Fact]
    public void The_same_seed_trains_identical_weights_and_another_seed_does_not()
    {
        var first = SiameseTrainer.Train(Faces, Short);
        var again = SiameseTrainer.Train(Faces, Short);
        var other = SiameseTrainer.Train(Faces, Short with { Seed = 5 });

        Assert.Equal(first.W1, again.W1);
        Assert.Equal(first.B1, again.B1);
        Assert.Equal(first.W2, again.W2);
        Assert.Equal(first.B2, again.B2);
        Assert.NotEqual(first.W1, other.W1);
    }

    [Fact]
    public void Onnx_runtime_gives_the_same_similarities_as_the_csharp_forward_pass()
    {
        var head = SiameseTrainer.Train(Faces, Short);
        using var onnx = new OnnxSiameseHead(SyntheticFaces.Export(head, Path.Combine(_temp, "siamese_head.onnx")));
        var probe = Faces[0].Embedding;

        var rows = onnx.References(Faces.Count);
        for (var i = 0; i < Faces.Count; i++) Faces[i].Embedding.CopyTo(rows.Slice(i * head.Dimension, head.Dimension));
        var fromOnnx = onnx.Score(probe, Faces.Count).ToArray();

        Assert.Equal(16, onnx.Dimension);
        var expected = Faces.Select(f => head.Similarity(probe, f.Embedding)).ToArray();
        Assert.All(Enumerable.Range(0, Faces.Count), i => Assert.Equal(expected[i], fromOnnx[i], 1e-5f));
        Assert.Contains(expected, s => s is > 0.05f and < 0.95f); // not only saturated outputs
    }

    [Fact]
    public void Training_moves_the_head_from_its_cosine_start()
    {
        var head = SiameseTrainer.Train(Faces, Short);

        Assert.Contains(head.W2[..^1], w => w != 0);
        Assert.True(head.W2[^1] > 0, "the cosine skip keeps a positive weight");
    }

    [Fact]
    public void A_training_run_reports_cosine_and_the_head_on_the_same_validation_pairs()
    {
        var result = SiameseTraining.Run(Faces, validationIdentities: 4, Short);

        Assert.Equal(4 * 6, result.ValidationImages);
        Assert.Equal(12 * 6, result.TrainImages);
        Assert.Equal(4 * 15, result.Cosine.Same.Count);
        Assert.Equal(result.Cosine.Same.Count, result.HeadScores.Same.Count);
        Assert.Equal(result.Cosine.Different.Count, result.HeadScores.Different.Count);
        Assert.InRange(result.Threshold, 0f, 1f);
    }

    [Fact]
    public void A_file_that_is_not_a_head_is_refused()
    {
        var path = Path.Combine(_temp, "not_a_head.onnx");
        File.WriteAllBytes(path, new Models.Onnx.OnnxGraphBuilder("other").ToBytes());

        Assert.ThrowsAny<Vision.Inference.VisionException>(() => new OnnxSiameseHead(path));
    }
}

/// <summary>The hand-written backward pass against central finite differences of the cross-entropy.</summary>
public sealed class SiameseGradientSpec
{
    [Theory]
    [InlineData(1f)]
    [InlineData(0f)]
    public void The_backward_pass_matches_finite_differences(float label)
    {
        var random = new Random(9);
        const int dimension = 6, hidden = 5;
        float[] Values(int n) => Enumerable.Range(0, n).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray();
        var head = new SiameseHead(dimension, hidden, Values(hidden * 2 * dimension), Values(hidden), Values(hidden + 1), 0.3f);
        var (a, b) = (SyntheticFaces.Unit(Values(dimension)), SyntheticFaces.Unit(Values(dimension)));
        var gradients = SiameseTrainer.Parameters.Zero(head);

        SiameseTrainer.Backward(head, a, b, label, new float[head.FeatureLength], new float[hidden], gradients, weight: 1);
        Assert.Contains(gradients.W1, g => MathF.Abs(g) > 1e-2f); // hidden units are active, so the check is not vacuous

        foreach (var (weights, analytic) in new[] { (head.W1, gradients.W1), (head.B1, gradients.B1), (head.W2, gradients.W2) })
            for (var i = 0; i < weights.Length; i++)
            {
                var index = i;
                Assert.Equal(Numeric(v => weights[index] = v, weights[index]), analytic[i], 2e-3f);
            }
        Assert.Equal(Numeric(v => head.B2 = v, head.B2), gradients.B2[0], 2e-3f);

        float Numeric(Action<float> set, float value)
        {
            const float step = 1e-3f;
            set(value + step);
            var up = Loss();
            set(value - step);
            var down = Loss();
            set(value);
            return (up - down) / (2 * step);
        }

        float Loss()
        {
            var s = head.Similarity(a, b);
            return -(label * MathF.Log(s) + (1 - label) * MathF.Log(1 - s));
        }
    }
}
