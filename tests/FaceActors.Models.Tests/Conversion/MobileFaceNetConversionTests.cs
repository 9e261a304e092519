using FaceActors.Models.Tests.Support;
using FaceActors.TestSupport;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace FaceActors.Models.Tests.Conversion;

[Collection(ExpoFaceDetectionCollection.Name)]
public sealed class MobileFaceNetConversionTests(ExpoFaceDetectionPackage package)
{
    private const int EmbeddingSize = 192;

    [Fact]
    public void Converted_mobilefacenet_keeps_the_tflite_interface_with_a_dynamic_batch()
    {
        var graph = OnnxGraphs.Parse(package.Onnx("MobileFaceNet")).Graph;
        var input = Assert.Single(graph.Input);
        var output = Assert.Single(graph.Output);
        Assert.Equal("input", input.Name);
        Assert.Equal("embeddings", output.Name);
        Assert.Equal(["batch", "112", "112", "3"], Dimensions(input));
        Assert.Equal(["batch", "192"], Dimensions(output));
    }

    [Fact]
    public void Converted_mobilefacenet_rows_of_a_batch_match_single_runs()
    {
        using var model = new OnnxRunner(package.Onnx("MobileFaceNet"));
        var images = new[] { "orl_faces/s1/1.pgm", "orl_faces/s2/1.pgm", "face_recognition_examples/obama_small.jpg" }
            .Select(TestPaths.SharedData).ToArray();
        var batch = model.Run(ModelInputs.MobileFaceNet(images))["embeddings"];
        Assert.Equal([images.Length, EmbeddingSize], batch.Dimensions.ToArray());

        for (var row = 0; row < images.Length; row++)
        {
            var single = model.Run(ModelInputs.MobileFaceNet([images[row]]))["embeddings"];
            Assert.Equal([1, EmbeddingSize], single.Dimensions.ToArray());
            var difference = OnnxRunner.MaxAbsDifference(single, ModelInputs.Row(batch, row));
            Assert.True(difference <= 1e-5f, $"row {row} of the batch differs from its single run by {difference}.");
        }
    }

    /// <summary>
    /// No reference export of MobileFaceNet exists, so this checks the meaning: each of 40 ORL subjects'
    /// first photo finds the same subject's second photo as its nearest neighbour in most cases (35 of 40
    /// when written, with a plain resize and no alignment); a wrong weight layout scores near chance (1 in 40).
    /// </summary>
    [Fact]
    public void Converted_mobilefacenet_finds_most_orl_subjects_by_their_second_photo()
    {
        using var model = new OnnxRunner(package.Onnx("MobileFaceNet"));
        var subjects = Enumerable.Range(1, 40).ToArray();
        var first = model.Run(ModelInputs.MobileFaceNet(subjects.Select(s => TestPaths.SharedData($"orl_faces/s{s}/1.pgm")).ToArray()))["embeddings"];
        var second = model.Run(ModelInputs.MobileFaceNet(subjects.Select(s => TestPaths.SharedData($"orl_faces/s{s}/2.pgm")).ToArray()))["embeddings"];

        var found = subjects.Count(s => Enumerable.Range(0, subjects.Length).MaxBy(other => Cosine(first, s - 1, second, other)) == s - 1);
        Assert.True(found >= 32, $"only {found} of 40 subjects were found by their second photo");
    }

    [Fact]
    public void Converted_mobilefacenet_holds_a_single_transpose_after_its_input() =>
        Assert.Equal(1, OnnxGraphs.CountNodes(package.Onnx("MobileFaceNet"), "Transpose"));

    private static string[] Dimensions(global::Onnx.ValueInfoProto value) =>
        value.Type.TensorType.Shape.Dim.Select(d => d.DimParam is { Length: > 0 } name ? name : d.DimValue.ToString()).ToArray();

    private static float Cosine(DenseTensor<float> left, int a, DenseTensor<float> right, int b)
    {
        float dot = 0, normA = 0, normB = 0;
        for (var i = 0; i < EmbeddingSize; i++)
        {
            var (x, y) = (left[a, i], right[b, i]);
            dot += x * y;
            normA += x * x;
            normB += y * y;
        }
        return dot / MathF.Sqrt(normA * normB);
    }
}
