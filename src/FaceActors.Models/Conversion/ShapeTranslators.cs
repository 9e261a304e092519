using FaceActors.Models.Onnx;
using FaceActors.Models.Tflite;

namespace FaceActors.Models.Conversion;

/// <summary>RESHAPE and FULLY_CONNECTED: the operators that flatten, and so depend on TFLite's NHWC element order.</summary>
internal static class ShapeTranslators
{
    public static void Reshape(ConversionContext context, TfliteOperator op)
    {
        var input = context.Tensor(op.Inputs[0]);
        var target = op.Inputs.Length > 1 && op.Inputs[1] >= 0 && context.IsConstant(op.Inputs[1])
            ? context.IntConstant(op.Inputs[1])
            : ReshapeOptions.Read(op.Options).NewShape;
        if (target.Length == 0)
            throw new UnsupportedTfliteOperatorException("RESHAPE (to a shape computed at run time)", context.ModelName);

        // The file fixes the batch (MobileFaceNet's is 2); ONNX's 0 copies the input's batch, whatever it is.
        var shape = target.Select((d, i) => i == 0 && d == input.Shape[0] ? 0L : d).ToArray();
        // Flattening follows TFLite's h,w,c order: read the channels-first tensor only where that order is the same.
        var layout = context.LayoutOf(op.Inputs[0]) == TensorLayout.ChannelsFirst && ChannelsFirst.SharesElementOrder(input.Shape)
            ? TensorLayout.ChannelsFirst
            : TensorLayout.Tflite;
        var output = context.Define(op.Outputs[0], TensorLayout.Tflite);
        var shapeName = context.Graph.AddInitializer(output + "_shape", shape, shape.Length);
        context.Graph.AddNode("Reshape", [context.Activation(op.Inputs[0], layout), shapeName], output);
    }

    /// <summary>
    /// FULLY_CONNECTED flattens its input to [-1, I] and multiplies by weights [O, I]. A channels-first 4-D
    /// input is flattened as it is and the weights' columns are reordered from h,w,c to c,h,w instead, which
    /// costs nothing at run time.
    /// </summary>
    public static void FullyConnected(ConversionContext context, TfliteOperator op)
    {
        var options = FullyConnectedOptions.Read(op.Options);
        if (options.KeepNumDims || options.WeightsFormat != 0)
            throw new UnsupportedTfliteOperatorException("FULLY_CONNECTED (keep_num_dims or shuffled weights)", context.ModelName);

        var input = context.Tensor(op.Inputs[0]);
        var weights = context.Tensor(op.Inputs[1]);
        var (outputs, inputs) = (weights.Shape[0], weights.Shape[1]);
        var channelsFirst = context.LayoutOf(op.Inputs[0]) == TensorLayout.ChannelsFirst;
        var weightsName = channelsFirst
            ? context.FloatInitializer(weights.Index, weights.Name + "_chw_columns",
                [outputs, input.Shape[1], input.Shape[2], input.Shape[3]], ChannelsFirst.FromNhwc, [outputs, inputs])
            : context.FloatInitializer(weights.Index, weights.Name, weights.Shape, perm: null);
        var layout = channelsFirst ? TensorLayout.ChannelsFirst : TensorLayout.Tflite;

        var graph = context.Graph;
        var gemmInputs = new List<string> { Flatten(context, op.Inputs[0], layout, inputs), weightsName };
        if (op.Inputs.Length > 2 && op.Inputs[2] >= 0)
            gemmInputs.Add(context.FloatInitializer(op.Inputs[2], context.Tensor(op.Inputs[2]).Name, context.Tensor(op.Inputs[2]).Shape, perm: null));
        var output = graph.AddNode("Gemm", gemmInputs,
            ElementwiseTranslators.PreActivationName(context, op, TensorLayout.Tflite, options.Activation), OnnxAttribute.Int("transB", 1));
        ElementwiseTranslators.ApplyActivation(context, output, op.Outputs[0], TensorLayout.Tflite, options.Activation);
    }

    /// <summary>The input as [-1, columns]; O-Net's three heads share one flattened tensor.</summary>
    private static string Flatten(ConversionContext context, int index, TensorLayout layout, int columns)
    {
        var input = context.Activation(index, layout);
        if (context.Tensor(index).Rank == 2) return input;
        var flat = input + "_flat";
        if (context.Graph.IsDefined(flat)) return flat;
        var shape = context.Graph.AddInitializer(flat + "_shape", [-1L, columns], 2);
        return context.Graph.AddNode("Reshape", [input, shape], flat);
    }
}
