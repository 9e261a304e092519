using FaceActors.Models.Onnx;
using FaceActors.Models.Tflite;

namespace FaceActors.Models.Conversion;

/// <summary>DEQUANTIZE, CAST, CONCATENATION and STRIDED_SLICE: operators that move or retype values.</summary>
internal static class TensorTranslators
{
    /// <summary>
    /// FaceAntiSpoofing stores its weights as float16 and dequantizes them at load time. The converter does
    /// the same once: the float32 values become the output tensor's constant, and no node is written.
    /// </summary>
    public static void Dequantize(ConversionContext context, TfliteOperator op)
    {
        var input = context.Tensor(op.Inputs[0]);
        if (!input.IsConstant || input.Type != TfliteTensorType.Float16)
            throw new UnsupportedTfliteOperatorException("DEQUANTIZE (of anything but a float16 constant)", context.ModelName);
        context.FoldConstant(op.Outputs[0], input.FloatValues());
    }

    public static void Cast(ConversionContext context, TfliteOperator op)
    {
        var layout = context.LayoutOf(op.Inputs[0]);
        var to = ConversionContext.OnnxType(context.Tensor(op.Outputs[0]).Type);
        context.Graph.AddNode("Cast", [context.Activation(op.Inputs[0], layout)], context.Define(op.Outputs[0], layout),
            OnnxAttribute.Int("to", (long)to));
    }

    /// <summary>Concatenates channels-first when every input is a 4-D activation already in that layout.</summary>
    public static void Concatenation(ConversionContext context, TfliteOperator op)
    {
        var options = ConcatenationOptions.Read(op.Options);
        var rank = context.Tensor(op.Outputs[0]).Rank;
        var axis = options.Axis < 0 ? options.Axis + rank : options.Axis;
        var layout = rank == 4 && op.Inputs.All(i => !context.IsConstant(i) && context.LayoutOf(i) == TensorLayout.ChannelsFirst)
            ? TensorLayout.ChannelsFirst
            : TensorLayout.Tflite;
        var inputs = op.Inputs
            .Select(i => context.IsConstant(i) ? context.BroadcastConstant(i, layout) : context.Activation(i, layout))
            .ToArray();
        var onnxAxis = layout == TensorLayout.ChannelsFirst ? ChannelsFirst.Axis(axis) : axis;
        var output = context.Graph.AddNode("Concat", inputs,
            ElementwiseTranslators.PreActivationName(context, op, layout, options.Activation), OnnxAttribute.Int("axis", onnxAxis));
        ElementwiseTranslators.ApplyActivation(context, output, op.Outputs[0], layout, options.Activation);
    }

    /// <summary>
    /// STRIDED_SLICE with constant begin, end and strides, as ONNX Slice (and Squeeze for shrink_axis_mask).
    /// Axes the slice takes whole are left out, so a slice over the file's batch of 1 accepts any batch.
    /// </summary>
    public static void StridedSlice(ConversionContext context, TfliteOperator op)
    {
        var options = StridedSliceOptions.Read(op.Options);
        if (options.EllipsisMask != 0 || options.NewAxisMask != 0)
            throw new UnsupportedTfliteOperatorException("STRIDED_SLICE (with ellipsis_mask or new_axis_mask)", context.ModelName);
        var shape = context.Tensor(op.Inputs[0]).Shape;
        var begin = context.IntConstant(op.Inputs[1]);
        var end = context.IntConstant(op.Inputs[2]);
        var strides = context.IntConstant(op.Inputs[3]);

        var slices = new List<(long Axis, long Start, long End, long Step)>();
        var squeezed = new List<long>();
        for (var axis = 0; axis < begin.Length; axis++)
        {
            var bit = 1 << axis;
            long step = strides[axis];
            long start = (options.BeginMask & bit) != 0 ? (step > 0 ? 0 : long.MaxValue) : begin[axis];
            long stop = (options.EndMask & bit) != 0 ? (step > 0 ? long.MaxValue : long.MinValue)
                : options.Offset ? begin[axis] + end[axis] : end[axis];
            if ((options.ShrinkAxisMask & bit) != 0)
            {
                (stop, step) = (start == -1 ? long.MaxValue : start + 1, 1);
                squeezed.Add(axis);
            }
            if (!TakesWholeAxis(start, stop, step, shape[axis])) slices.Add((axis, start, stop, step));
        }

        // Squeezing changes the rank, so a channels-first input is sliced in TFLite's layout then.
        var layout = squeezed.Count == 0 ? context.LayoutOf(op.Inputs[0]) : TensorLayout.Tflite;
        var graph = context.Graph;
        var sliced = context.Activation(op.Inputs[0], layout);
        var name = context.Tensor(op.Outputs[0]).Name;
        if (slices.Count > 0)
        {
            long OnnxAxis(long axis) => layout == TensorLayout.ChannelsFirst ? ChannelsFirst.Axis((int)axis) : axis;
            var parameters = new[]
            {
                graph.AddInitializer(name + "_starts", slices.Select(s => s.Start).ToArray(), slices.Count),
                graph.AddInitializer(name + "_ends", slices.Select(s => s.End).ToArray(), slices.Count),
                graph.AddInitializer(name + "_axes", slices.Select(s => OnnxAxis(s.Axis)).ToArray(), slices.Count),
                graph.AddInitializer(name + "_steps", slices.Select(s => s.Step).ToArray(), slices.Count),
            };
            sliced = graph.AddNode("Slice", [sliced, .. parameters], squeezed.Count == 0 ? context.Define(op.Outputs[0], layout) : name + "_before_squeeze");
        }
        if (squeezed.Count > 0)
        {
            var axes = graph.AddInitializer(name + "_squeeze_axes", squeezed.ToArray(), squeezed.Count);
            graph.AddNode("Squeeze", [sliced, axes], context.Define(op.Outputs[0], layout));
        }
        else if (slices.Count == 0)
        {
            graph.AddNode("Identity", [sliced], context.Define(op.Outputs[0], layout));
        }
    }

    private static bool TakesWholeAxis(long start, long stop, long step, int size) =>
        step == 1 && start is 0 && (stop >= size || stop == long.MaxValue);
}
