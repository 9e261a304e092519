using FaceActors.Models.Onnx;
using FaceActors.Models.Tflite;

namespace FaceActors.Models.Conversion;

/// <summary>A TFLite operator the converter does not translate; the message names it.</summary>
public sealed class UnsupportedTfliteOperatorException(string operatorName, string modelName)
    : Exception($"The TFLite model '{modelName}' uses the operator {operatorName}, which the FaceActors converter does not support. " +
                "Supported models are listed in models/README.md; use an ONNX export of this model instead.")
{
    public string OperatorName { get; } = operatorName;
}

/// <summary>
/// Converts a TFLite flatbuffer into an ONNX model with the same input and output names and NHWC shapes.
/// Inside, 4-D activations run channels-first (see <see cref="TensorLayout"/>), so the graph holds a
/// Transpose only after each 4-D input and before each 4-D output. Every model's batch is dynamic, and a
/// fully convolutional model (P-Net) also takes any height and width.
/// </summary>
public static class TfliteToOnnxConverter
{
    private const string BatchDimension = "batch";

    // Operators that tie a model to the spatial size in its file: a graph without them is fully convolutional.
    private static readonly HashSet<TfliteBuiltinOperator> SizeFixingOperators =
        [TfliteBuiltinOperator.FULLY_CONNECTED, TfliteBuiltinOperator.RESHAPE, TfliteBuiltinOperator.STRIDED_SLICE];

    /// <param name="tflite">The bytes of a .tflite file.</param>
    /// <param name="modelName">Used as the ONNX graph name and in error messages.</param>
    /// <returns>The serialised ONNX ModelProto.</returns>
    public static byte[] Convert(ReadOnlySpan<byte> tflite, string modelName)
    {
        var model = PreluFusion.Apply(TfliteReader.Read(tflite, modelName));
        // Resolve every translator first, so an unsupported operator fails before anything is built.
        var translators = model.Operators.Select(op => OperatorTable.For(op.Code, modelName)).ToArray();

        var dynamicSpatialSize = !model.Operators.Any(op => SizeFixingOperators.Contains(op.Code));
        var graph = new OnnxGraphBuilder(modelName);
        var context = new ConversionContext(model, modelName, graph, dynamicSpatialSize);

        foreach (var index in model.Inputs)
        {
            var tensor = model.Tensors[index];
            graph.AddInput(tensor.Name, ConversionContext.OnnxType(tensor.Type), InterfaceShape(tensor, dynamicSpatialSize, "height", "width"));
            context.Define(index, TensorLayout.Tflite);
        }
        for (var i = 0; i < translators.Length; i++) translators[i](context, model.Operators[i]);
        foreach (var index in model.Outputs)
        {
            var tensor = model.Tensors[index];
            graph.AddOutput(context.Activation(index, TensorLayout.Tflite), ConversionContext.OnnxType(tensor.Type),
                InterfaceShape(tensor, dynamicSpatialSize, heightName: null, widthName: null));
        }
        return graph.ToBytes();
    }

    /// <summary>
    /// A graph input's or output's shape: the file's, with a dynamic batch, and dynamic height and width
    /// for a fully convolutional model. Output sizes follow from the input's, so they stay unnamed.
    /// </summary>
    private static OnnxDimension[] InterfaceShape(TfliteTensor tensor, bool dynamicSpatialSize, string? heightName, string? widthName) =>
        tensor.ShapeSignature.Select((size, axis) => axis switch
        {
            0 => OnnxDimension.Dynamic(BatchDimension),
            1 when dynamicSpatialSize && tensor.Rank == 4 => OnnxDimension.Dynamic(heightName),
            2 when dynamicSpatialSize && tensor.Rank == 4 => OnnxDimension.Dynamic(widthName),
            _ when size < 0 => OnnxDimension.Dynamic(),
            _ => OnnxDimension.Fixed(size),
        }).ToArray();
}
