using FaceActors.Models.Onnx;
using FaceActors.Models.Tests.Support;
using Microsoft.ML.OnnxRuntime.Tensors;
using DataType = Onnx.TensorProto.Types.DataType;

namespace FaceActors.Models.Tests.Onnx;

public sealed class OnnxGraphBuilderTests
{
    [Fact]
    public void A_built_graph_runs_in_onnx_runtime_with_a_dynamic_batch()
    {
        var graph = new OnnxGraphBuilder("affine");
        graph.AddInput("x", DataType.Float, OnnxDimension.Dynamic("batch"), 3);
        var weights = graph.AddInitializer("w", [1f, 0f, 0f, 1f, 1f, 1f], 3, 2);
        var bias = graph.AddInitializer("b", [0.5f, -0.5f], 2);
        var product = graph.AddNode("Gemm", ["x", weights, bias], "xw_plus_b");
        graph.AddNode("LeakyRelu", [product], "y", OnnxAttribute.Float("alpha", 0.5f));
        graph.AddOutput("y", DataType.Float, OnnxDimension.Dynamic("batch"), 2);

        var model = graph.ToModel();
        Assert.Equal(7, model.IrVersion);
        Assert.Equal(13, Assert.Single(model.OpsetImport).Version);

        using var runner = new OnnxRunner(graph.ToBytes());
        var y = runner.Run(new DenseTensor<float>(new[] { 1f, 2f, 3f, -4f, -5f, -6f }, new[] { 2, 3 }))["y"];
        // Row 1: [1+3, 2+3] + [0.5, -0.5]; row 2: [-4-6, -5-6] + [0.5, -0.5], halved below zero.
        Assert.Equal([4.5f, 4.5f, -4.75f, -5.75f], y.ToArray());
    }

    [Fact]
    public void A_name_used_twice_is_refused()
    {
        var graph = new OnnxGraphBuilder("g");
        graph.AddInput("x", DataType.Float, 1);
        var error = Assert.Throws<InvalidOperationException>(() => graph.AddNode("Relu", ["x"], "x"));
        Assert.Contains("'x'", error.Message);
    }

    [Fact]
    public void An_output_nothing_produces_is_refused() =>
        Assert.Throws<InvalidOperationException>(() => new OnnxGraphBuilder("g").AddOutput("missing", DataType.Float, 1));
}
