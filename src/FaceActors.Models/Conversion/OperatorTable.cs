using FaceActors.Models.Tflite;

namespace FaceActors.Models.Conversion;

/// <summary>The TFLite operators the converter translates; anything else is refused by name before any output is built.</summary>
internal static class OperatorTable
{
    private static readonly Dictionary<TfliteBuiltinOperator, OperatorTranslator> Translators = new()
    {
        [TfliteBuiltinOperator.CONV_2D] = ConvolutionTranslators.Conv2D,
        [TfliteBuiltinOperator.DEPTHWISE_CONV_2D] = ConvolutionTranslators.DepthwiseConv2D,
        [TfliteBuiltinOperator.MAX_POOL_2D] = ConvolutionTranslators.Pool("MaxPool"),
        [TfliteBuiltinOperator.AVERAGE_POOL_2D] = ConvolutionTranslators.Pool("AveragePool"),
        [TfliteBuiltinOperator.RELU] = ElementwiseTranslators.Unary("Relu"),
        [TfliteBuiltinOperator.NEG] = ElementwiseTranslators.Unary("Neg"),
        [TfliteBuiltinOperator.EXP] = ElementwiseTranslators.Unary("Exp"),
        [TfliteBuiltinOperator.ABS] = ElementwiseTranslators.Unary("Abs"),
        [TfliteBuiltinOperator.PRELU] = ElementwiseTranslators.Prelu,
        [TfliteBuiltinOperator.LEAKY_RELU] = ElementwiseTranslators.LeakyRelu,
        [TfliteBuiltinOperator.ADD] = ElementwiseTranslators.Arithmetic("Add"),
        [TfliteBuiltinOperator.SUB] = ElementwiseTranslators.Arithmetic("Sub"),
        [TfliteBuiltinOperator.MUL] = ElementwiseTranslators.Arithmetic("Mul"),
        [TfliteBuiltinOperator.DIV] = ElementwiseTranslators.Arithmetic("Div"),
        [TfliteBuiltinOperator.REDUCE_MAX] = ReductionTranslators.ReduceMax,
        [TfliteBuiltinOperator.SUM] = ReductionTranslators.Sum,
        [TfliteBuiltinOperator.GREATER_EQUAL] = ElementwiseTranslators.Comparison("GreaterOrEqual"),
        [TfliteBuiltinOperator.LESS] = ElementwiseTranslators.Comparison("Less"),
        [TfliteBuiltinOperator.DEQUANTIZE] = TensorTranslators.Dequantize,
        [TfliteBuiltinOperator.CAST] = TensorTranslators.Cast,
        [TfliteBuiltinOperator.CONCATENATION] = TensorTranslators.Concatenation,
        [TfliteBuiltinOperator.STRIDED_SLICE] = TensorTranslators.StridedSlice,
        [TfliteBuiltinOperator.FULLY_CONNECTED] = ShapeTranslators.FullyConnected,
        [TfliteBuiltinOperator.RESHAPE] = ShapeTranslators.Reshape,
    };

    public static OperatorTranslator For(TfliteBuiltinOperator code, string modelName) =>
        Translators.TryGetValue(code, out var translator)
            ? translator
            : throw new UnsupportedTfliteOperatorException(NameOf(code), modelName);

    /// <summary>The schema's name of an operator code, or its number for a code newer than the enum.</summary>
    public static string NameOf(TfliteBuiltinOperator code) =>
        Enum.IsDefined(code) ? code.ToString() : $"BUILTIN_{(int)code}";
}
