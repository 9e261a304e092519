using FaceActors.Models.Onnx;
using FaceActors.Models.Tflite;

namespace FaceActors.Models.Conversion;

/// <summary>REDUCE_MAX and SUM, with TFLite's axes remapped when the input is channels-first.</summary>
internal static class ReductionTranslators
{
    public static void ReduceMax(ConversionContext context, TfliteOperator op) => Reduce(context, op, "ReduceMax", axesAsInput: false);

    public static void Sum(ConversionContext context, TfliteOperator op) => Reduce(context, op, "ReduceSum", axesAsInput: true);

    /// <param name="axesAsInput">Opset 13 moved ReduceSum's axes to an input; the other reductions keep the attribute.</param>
    private static void Reduce(ConversionContext context, TfliteOperator op, string onnxOp, bool axesAsInput)
    {
        var keepDims = ReducerOptions.Read(op.Options).KeepDims;
        var rank = context.Tensor(op.Inputs[0]).Rank;
        var nhwcAxes = context.IntConstant(op.Inputs[1]).Select(a => a < 0 ? a + rank : a).Distinct().Order().ToArray();

        var layout = ChooseLayout(context.LayoutOf(op.Inputs[0]), rank, nhwcAxes, keepDims);
        var axes = nhwcAxes.Select(a => (long)(layout == TensorLayout.ChannelsFirst ? ChannelsFirst.Axis(a) : a)).ToArray();
        var outputLayout = layout == TensorLayout.ChannelsFirst && keepDims ? TensorLayout.ChannelsFirst : TensorLayout.Tflite;

        var graph = context.Graph;
        var input = context.Activation(op.Inputs[0], layout);
        var output = context.Define(op.Outputs[0], outputLayout);
        var keep = OnnxAttribute.Int("keepdims", keepDims ? 1 : 0);
        if (axesAsInput)
        {
            var axesName = graph.AddInitializer(output + "_axes", axes, axes.Length);
            graph.AddNode(onnxOp, [input, axesName], output, keep);
        }
        else
        {
            graph.AddNode(onnxOp, [input], output, keep, OnnxAttribute.Ints("axes", axes));
        }
    }

    /// <summary>
    /// A channels-first input is reduced as it is, unless dropping the reduced axes would leave the other
    /// dimensions in a different order than TFLite's; then it is reduced in TFLite's layout.
    /// </summary>
    private static TensorLayout ChooseLayout(TensorLayout inputLayout, int rank, int[] nhwcAxes, bool keepDims)
    {
        if (inputLayout != TensorLayout.ChannelsFirst || keepDims) return inputLayout;
        var remaining = Enumerable.Range(0, rank).Except(nhwcAxes).Select(ChannelsFirst.Axis).ToArray();
        return remaining.SequenceEqual(remaining.Order()) ? TensorLayout.ChannelsFirst : TensorLayout.Tflite;
    }
}
