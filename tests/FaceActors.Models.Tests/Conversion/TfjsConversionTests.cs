using System.Runtime.InteropServices;
using FaceActors.Models.Tests.Support;
using FaceActors.Models.TfjsConversion;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace FaceActors.Models.Tests.Conversion;

public sealed class TfjsConversionTests
{
    private static byte[] Floats(params float[] values) => MemoryMarshal.AsBytes(values.AsSpan()).ToArray();

    [Fact]
    public void Every_unsupported_operator_is_named_at_once()
    {
        var model = new TinyTfjsModel(2).Op("a", "Erf", "x").Op("b", "Atan", "a").Op("y", "Relu", "b").Read();

        var error = Assert.Throws<UnsupportedTfjsOperatorException>(() => TfjsToOnnxConverter.Convert(model, "tiny"));

        Assert.Equal(["Atan", "Erf"], error.Operators);
        Assert.Contains("'tiny' uses the operators Atan, Erf", error.Message);
    }

    [Fact]
    public void An_input_the_converter_needs_constant_is_named_when_computed_at_run_time()
    {
        var model = new TinyTfjsModel(2).Op("y", "Transpose", "x", "x").Read();

        var error = Assert.Throws<UnsupportedTfjsGraphException>(() => TfjsToOnnxConverter.Convert(model, "tiny"));
        Assert.Contains("'y'", error.Message);
    }

    [Fact]
    public void A_tiny_model_converts_and_computes_what_tensorflow_would()
    {
        var model = new TinyTfjsModel(3).Weight("w", "float32", [3], Floats(1, -2, 0.5f)).Op("sum", "AddV2", "x", "w").Op("y", "Relu6", "sum").Read();

        using var runner = new OnnxRunner(TfjsToOnnxConverter.Convert(model, "tiny"));
        var output = runner.Run(new DenseTensor<float>(new[] { 7f, 1f, -3f }, [1, 3]))["y"];

        Assert.Equal([6f, 0f, 0f], output.ToArray());
    }

    [Fact]
    public void Integer_arithmetic_over_constants_is_folded_into_the_value_it_computes()
    {
        var model = new TinyTfjsModel(6)
            .Weight("shape", "int32", [2], MemoryMarshal.AsBytes(new[] { 2, 2 }.AsSpan()).ToArray())
            .Weight("one", "int32", [2], MemoryMarshal.AsBytes(new[] { 0, 1 }.AsSpan()).ToArray())
            .Op("target", "AddV2", "shape", "one")
            .Op("y", "Reshape", "x", "target").Read();

        using var runner = new OnnxRunner(TfjsToOnnxConverter.Convert(model, "tiny"));
        var output = runner.Run(new DenseTensor<float>(new[] { 1f, 2, 3, 4, 5, 6 }, [1, 6]))["y"];

        Assert.Equal([2, 3], output.Dimensions.ToArray());
        var graph = OnnxGraphs.Parse(TfjsToOnnxConverter.Convert(model, "tiny")).Graph;
        Assert.DoesNotContain(graph.Node, n => n.OpType == "Add");
    }
}
