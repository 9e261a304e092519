using FaceActors.Models.Onnx;
using FaceActors.Models.Tflite;
using Onnx;

namespace FaceActors.Models.Conversion;

/// <summary>CONV_2D, DEPTHWISE_CONV_2D and the 2-D pools, all run channels-first.</summary>
internal static class ConvolutionTranslators
{
    public static void Conv2D(ConversionContext context, TfliteOperator op)
    {
        var options = Conv2DOptions.Read(op.Options);
        var weights = context.Tensor(op.Inputs[1]); // OHWI
        var kernel = new[] { weights.Shape[1], weights.Shape[2] };
        var onnxWeights = context.FloatInitializer(weights.Index, weights.Name + "_oihw", weights.Shape, ChannelsFirst.FromNhwc);
        Convolution(context, op, onnxWeights, kernel, group: 1,
            new Window(options.Padding, options.StrideH, options.StrideW, options.DilationH, options.DilationW), options.Activation);
    }

    public static void DepthwiseConv2D(ConversionContext context, TfliteOperator op)
    {
        var options = DepthwiseConv2DOptions.Read(op.Options);
        var weights = context.Tensor(op.Inputs[1]); // 1HWC, C = input channels x depth multiplier
        var kernel = new[] { weights.Shape[1], weights.Shape[2] };
        // ONNX's grouped Conv with group = input channels reads output channel c from input channel
        // c / multiplier, the same order TFLite uses, so 1HWC only moves C to the front: C1HW.
        var onnxWeights = context.FloatInitializer(weights.Index, weights.Name + "_c1hw", weights.Shape, [3, 0, 1, 2]);
        var inputChannels = context.Tensor(op.Inputs[0]).Shape[3];
        Convolution(context, op, onnxWeights, kernel, group: inputChannels,
            new Window(options.Padding, options.StrideH, options.StrideW, options.DilationH, options.DilationW), options.Activation);
    }

    public static OperatorTranslator Pool(string onnxOp) => (context, op) =>
    {
        var options = Pool2DOptions.Read(op.Options);
        var kernel = new[] { options.FilterH, options.FilterW };
        var window = new Window(options.Padding, options.StrideH, options.StrideW, 1, 1);
        var output = context.Graph.AddNode(onnxOp, [context.Activation(op.Inputs[0], TensorLayout.ChannelsFirst)],
            ElementwiseTranslators.PreActivationName(context, op, TensorLayout.ChannelsFirst, options.Activation),
            [.. window.Attributes(context, op.Inputs[0], kernel)]);
        ElementwiseTranslators.ApplyActivation(context, output, op.Outputs[0], TensorLayout.ChannelsFirst, options.Activation);
    };

    private static void Convolution(ConversionContext context, TfliteOperator op, string weights, int[] kernel, int group, Window window, TfliteActivation activation)
    {
        var inputs = new List<string> { context.Activation(op.Inputs[0], TensorLayout.ChannelsFirst), weights };
        if (op.Inputs.Length > 2 && op.Inputs[2] >= 0)
            inputs.Add(context.FloatInitializer(op.Inputs[2], context.Tensor(op.Inputs[2]).Name, context.Tensor(op.Inputs[2]).Shape, perm: null));
        var attributes = window.Attributes(context, op.Inputs[0], kernel).Append(OnnxAttribute.Int("group", group));
        var output = context.Graph.AddNode("Conv", inputs,
            ElementwiseTranslators.PreActivationName(context, op, TensorLayout.ChannelsFirst, activation), [.. attributes]);
        ElementwiseTranslators.ApplyActivation(context, output, op.Outputs[0], TensorLayout.ChannelsFirst, activation);
    }

    /// <summary>A sliding window's kernel, padding, strides and dilations, as ONNX attributes.</summary>
    private sealed record Window(TflitePadding Padding, int StrideH, int StrideW, int DilationH, int DilationW)
    {
        public IEnumerable<AttributeProto> Attributes(ConversionContext context, int input, int[] kernel)
        {
            yield return OnnxAttribute.Ints("kernel_shape", kernel[0], kernel[1]);
            yield return OnnxAttribute.Ints("strides", StrideH, StrideW);
            // Written only when dilated: AveragePool has no dilations attribute before opset 19.
            if (DilationH != 1 || DilationW != 1) yield return OnnxAttribute.Ints("dilations", DilationH, DilationW);
            if (Padding == TflitePadding.Valid) yield break;
            // TF's SAME pads the odd pixel at the bottom and right, which is ONNX's SAME_UPPER. Explicit pads
            // are written when the size is known, so ONNX Runtime need not work them out per run.
            if (context.DynamicSpatialSize)
            {
                yield return OnnxAttribute.String("auto_pad", "SAME_UPPER");
                yield break;
            }
            var shape = context.Tensor(input).Shape; // NHWC
            var (top, bottom) = SamePadding(shape[1], StrideH, kernel[0], DilationH);
            var (left, right) = SamePadding(shape[2], StrideW, kernel[1], DilationW);
            yield return OnnxAttribute.Ints("pads", top, left, bottom, right);
        }

        private static (long Begin, long End) SamePadding(int size, int stride, int kernel, int dilation)
        {
            var outputSize = (size + stride - 1) / stride;
            var total = Math.Max(0, (outputSize - 1) * stride + (kernel - 1) * dilation + 1 - size);
            return (total / 2, total - total / 2);
        }
    }
}
