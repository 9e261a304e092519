using FaceActors.Models.Tests.Support;

namespace FaceActors.Models.Tests.Conversion;

/// <summary>
/// FaceAntiSpoofing (float16 weights, tree routing) has no reference export; these tests check that it
/// converts, takes any batch, and that its routing outputs keep their meaning.
/// </summary>
[Collection(ExpoFaceDetectionCollection.Name)]
public sealed class FaceAntiSpoofingConversionTests(ExpoFaceDetectionPackage package)
{
    private const int Leaves = 8;

    [Fact]
    public void Converted_face_anti_spoofing_rows_of_a_batch_match_single_runs()
    {
        using var model = new OnnxRunner(package.Onnx("FaceAntiSpoofing"));
        var batch = ModelInputs.Noise(seed: 21, 2, 256, 256, 3);
        var batchOutputs = model.Run(batch);

        for (var row = 0; row < 2; row++)
        {
            var single = model.Run(ModelInputs.Row(batch, row));
            foreach (var (name, values) in single)
            {
                Assert.Equal([1, Leaves], values.Dimensions.ToArray());
                var difference = OnnxRunner.MaxAbsDifference(values, ModelInputs.Row(batchOutputs[name], row));
                Assert.True(difference <= 1e-5f, $"{name} row {row} differs from its single run by {difference}.");
            }
        }
    }

    /// <summary>Identity_1 is the leaf mask of the routing tree: GREATER_EQUAL, LESS, CAST and MUL pick exactly one leaf.</summary>
    [Fact]
    public void Converted_face_anti_spoofing_routes_each_image_to_exactly_one_leaf()
    {
        using var model = new OnnxRunner(package.Onnx("FaceAntiSpoofing"));
        var mask = model.Run(ModelInputs.Noise(seed: 22, 3, 256, 256, 3))["Identity_1"];

        for (var row = 0; row < 3; row++)
        {
            var leaves = Enumerable.Range(0, Leaves).Select(leaf => mask[row, leaf]).ToArray();
            Assert.All(leaves, v => Assert.True(v is 0f or 1f, $"mask value {v}"));
            Assert.Equal(1f, leaves.Sum());
        }
    }

    [Fact]
    public void Converted_face_anti_spoofing_folds_its_float16_weights_into_float32_initializers()
    {
        var graph = OnnxGraphs.Parse(package.Onnx("FaceAntiSpoofing")).Graph;
        Assert.DoesNotContain(graph.Node, n => n.OpType is "DequantizeLinear" or "Cast" && n.Input.Any(i => graph.Initializer.Any(t => t.Name == i)));
        Assert.All(graph.Initializer.Where(t => t.Dims.Count > 1), t => Assert.Equal((int)global::Onnx.TensorProto.Types.DataType.Float, t.DataType));
    }
}
