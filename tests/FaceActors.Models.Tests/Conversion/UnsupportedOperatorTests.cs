using FaceActors.Models.Conversion;
using FaceActors.Models.Tests.Support;
using FaceActors.Models.Tflite;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace FaceActors.Models.Tests.Conversion;

public sealed class UnsupportedOperatorTests
{
    [Theory]
    [InlineData(TfliteBuiltinOperator.SOFTMAX, "SOFTMAX")]
    [InlineData(TfliteBuiltinOperator.BROADCAST_ARGS, "BROADCAST_ARGS")]
    public void An_unsupported_operator_is_reported_by_name(TfliteBuiltinOperator code, string name)
    {
        var tflite = TinyTfliteModel.WithSingleOperator(code);

        var error = Assert.Throws<UnsupportedTfliteOperatorException>(() => TfliteToOnnxConverter.Convert(tflite, "tiny"));

        Assert.Equal(name, error.OperatorName);
        Assert.Contains($"'tiny' uses the operator {name}", error.Message);
    }

    [Fact]
    public void A_supported_operator_in_the_same_tiny_model_converts()
    {
        var onnx = TfliteToOnnxConverter.Convert(TinyTfliteModel.WithSingleOperator(TfliteBuiltinOperator.RELU), "tiny");

        using var model = new OnnxRunner(onnx);
        var output = model.Run(new DenseTensor<float>(new[] { -1f, 2f, -3f, 4f }, new[] { 1, 4 }))["y"];
        Assert.Equal([0f, 2f, 0f, 4f], output.ToArray());
    }
}
