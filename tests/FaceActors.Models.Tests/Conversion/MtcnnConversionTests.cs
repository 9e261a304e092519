using FaceActors.Models.Tests.Support;
using FaceActors.TestSupport;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace FaceActors.Models.Tests.Conversion;

/// <summary>
/// The converted MTCNN networks against an independent ONNX export of the same weights
/// (../shared/models/mtcnn_reference), output by output, on real photos and on noise.
/// </summary>
[Collection(ExpoFaceDetectionCollection.Name)]
public sealed class MtcnnConversionTests(ExpoFaceDetectionPackage package)
{
    private const float Tolerance = 1e-5f;

    // Converted output name → the reference export's name for the same output.
    private static readonly Dictionary<string, string> PnetOutputs = new()
    {
        ["pnet/prob1"] = "softmax",
        ["pnet/conv4-2/BiasAdd"] = "conv2d_4",
    };

    private static readonly Dictionary<string, string> RnetOutputs = new()
    {
        ["rnet/prob1"] = "softmax_1",
        ["rnet/conv5-2/conv5-2"] = "dense_2",
    };

    private static readonly Dictionary<string, string> OnetOutputs = new()
    {
        ["onet/prob1"] = "softmax_2",
        ["onet/conv6-2/conv6-2"] = "dense_5",
        ["onet/conv6-3/conv6-3"] = "dense_6",
    };

    [Theory]
    [InlineData(60, 80)]
    [InlineData(123, 97)]
    public void Converted_pnet_matches_the_reference_export_on_real_images(int width, int height)
    {
        foreach (var image in ModelInputs.RealImages())
            AssertMatchesReference("pnet", PnetOutputs, ModelInputs.Mtcnn([image], width, height));
    }

    [Fact]
    public void Converted_pnet_matches_the_reference_export_on_noise() =>
        AssertMatchesReference("pnet", PnetOutputs, ModelInputs.Noise(seed: 11, 2, 45, 31, 3));

    [Fact]
    public void Converted_rnet_matches_the_reference_export_on_a_batch_of_real_images() =>
        AssertMatchesReference("rnet", RnetOutputs, ModelInputs.Mtcnn([.. ModelInputs.RealImages()], 24, 24));

    [Fact]
    public void Converted_rnet_matches_the_reference_export_on_noise() =>
        AssertMatchesReference("rnet", RnetOutputs, ModelInputs.Noise(seed: 12, 5, 24, 24, 3));

    [Fact]
    public void Converted_onet_matches_the_reference_export_on_a_batch_of_real_images() =>
        AssertMatchesReference("onet", OnetOutputs, ModelInputs.Mtcnn([.. ModelInputs.RealImages()], 48, 48));

    [Fact]
    public void Converted_onet_matches_the_reference_export_on_noise() =>
        AssertMatchesReference("onet", OnetOutputs, ModelInputs.Noise(seed: 13, 4, 48, 48, 3));

    [Theory]
    [InlineData("pnet", 3)]
    [InlineData("rnet", 1)]
    [InlineData("onet", 1)]
    public void Converted_mtcnn_keeps_transposes_to_the_graph_interface(string network, int expectedTransposes) =>
        Assert.Equal(expectedTransposes, OnnxGraphs.CountNodes(package.Onnx(network), "Transpose"));

    private void AssertMatchesReference(string network, Dictionary<string, string> outputs, DenseTensor<float> input)
    {
        using var converted = new OnnxRunner(package.Onnx(network));
        using var reference = new OnnxRunner(TestPaths.SharedModel($"mtcnn_reference/{network}.onnx"));
        Assert.Equal(outputs.Keys.Order(), converted.OutputNames.Order());

        var actual = converted.Run(input);
        var expected = reference.Run(input);
        foreach (var (name, referenceName) in outputs)
        {
            var difference = OnnxRunner.MaxAbsDifference(actual[name], expected[referenceName]);
            Assert.True(difference <= Tolerance, $"{network} output {name} differs from the reference's {referenceName} by {difference}.");
        }
    }
}
