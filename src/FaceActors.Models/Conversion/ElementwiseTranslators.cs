using FaceActors.Models.Onnx;
using FaceActors.Models.Tflite;

namespace FaceActors.Models.Conversion;

/// <summary>Unary, binary and comparison operators, and the fused activation every TFLite operator may carry.</summary>
internal static class ElementwiseTranslators
{
    /// <summary>A one-input operator; it keeps whatever layout its input has.</summary>
    public static OperatorTranslator Unary(string onnxOp) => (context, op) =>
    {
        var layout = context.LayoutOf(op.Inputs[0]);
        context.Graph.AddNode(onnxOp, [context.Activation(op.Inputs[0], layout)], context.Define(op.Outputs[0], layout));
    };

    public static void LeakyRelu(ConversionContext context, TfliteOperator op)
    {
        var layout = context.LayoutOf(op.Inputs[0]);
        context.Graph.AddNode("LeakyRelu", [context.Activation(op.Inputs[0], layout)], context.Define(op.Outputs[0], layout),
            OnnxAttribute.Float("alpha", LeakyReluOptions.Read(op.Options).Alpha));
    }

    /// <summary>
    /// PRELU, including those <see cref="PreluFusion"/> raised from TOCO's lowering. A channels-first
    /// activation with a constant slope c becomes (1 − c)·relu(x) + c·x, which equals PReLU up to rounding
    /// (within 1e-5 of the literal lowering on MobileFaceNet's embeddings), the two products being per-channel
    /// scales (<see cref="ChannelScale"/>); anything else becomes ONNX's PRelu.
    /// </summary>
    public static void Prelu(ConversionContext context, TfliteOperator op)
    {
        var (x, slopeIndex, output) = (op.Inputs[0], op.Inputs[1], op.Outputs[0]);
        if (context.LayoutOf(x) != TensorLayout.ChannelsFirst || !context.IsConstant(slopeIndex))
        {
            var (inputs, layout) = BroadcastInputs(context, op);
            context.Graph.AddNode("PRelu", inputs, context.Define(output, layout));
            return;
        }
        var graph = context.Graph;
        var channels = context.Tensor(x).Shape[3];
        var slope = context.FloatConstant(slopeIndex);
        if (slope.Length == 1) slope = Enumerable.Repeat(slope[0], channels).ToArray();
        var name = context.Tensor(output).Name;
        var input = context.Activation(x, TensorLayout.ChannelsFirst);
        var positive = graph.AddNode("Relu", [input], name + "_positive");
        var scaledPositive = ChannelScale(graph, positive, Array.ConvertAll(slope, c => 1 - c), name + "_positive_scaled");
        var linear = ChannelScale(graph, input, slope, name + "_linear");
        graph.AddNode("Add", [scaledPositive, linear], context.Define(output, TensorLayout.ChannelsFirst));
    }

    /// <summary>
    /// x·scale per channel of an NCHW tensor, as BatchNormalization with zero mean, unit variance and no
    /// epsilon (so exactly x·scale). ONNX Runtime runs it inside its blocked NCHWc layout as a 1x1 depthwise
    /// convolution; a Mul or PRelu with a [C,1,1] constant would make it leave and re-enter that layout
    /// around every such node. Measured on MobileFaceNet at one thread, side by side: 14 ms a face with PRelu,
    /// 9.2 ms with TOCO's literal five-operator lowering, 7.2 ms with this.
    /// </summary>
    private static string ChannelScale(OnnxGraphBuilder graph, string input, float[] scale, string output)
    {
        var channels = scale.Length;
        var zeros = SharedVector(graph, $"channel_zeros_{channels}", 0f, channels);
        var ones = SharedVector(graph, $"channel_ones_{channels}", 1f, channels);
        var scaleName = graph.AddInitializer(output + "_scale", scale, channels);
        return graph.AddNode("BatchNormalization", [input, scaleName, zeros, zeros, ones], output, OnnxAttribute.Float("epsilon", 0f));
    }

    private static string SharedVector(OnnxGraphBuilder graph, string name, float value, int length) =>
        graph.IsDefined(name) ? name : graph.AddInitializer(name, Enumerable.Repeat(value, length).ToArray(), length);

    /// <summary>ADD, SUB, MUL, DIV: numpy broadcasting in both formats, plus a fused activation.</summary>
    public static OperatorTranslator Arithmetic(string onnxOp) => (context, op) =>
    {
        var activation = ArithmeticOptions.Read(op.Options).Activation;
        var (inputs, layout) = BroadcastInputs(context, op);
        var output = context.Graph.AddNode(onnxOp, inputs, PreActivationName(context, op, layout, activation));
        ApplyActivation(context, output, op.Outputs[0], layout, activation);
    };

    /// <summary>GREATER_EQUAL, LESS and the like: broadcasting inputs, a boolean output.</summary>
    public static OperatorTranslator Comparison(string onnxOp) => (context, op) =>
    {
        var (inputs, layout) = BroadcastInputs(context, op);
        context.Graph.AddNode(onnxOp, inputs, context.Define(op.Outputs[0], layout));
    };

    /// <summary>
    /// The ONNX names of a broadcasting operator's inputs. The operator runs channels-first when an input
    /// is a channels-first activation and every activation input is 4-D; constants are then reshaped to match.
    /// </summary>
    private static (string[] Inputs, TensorLayout Layout) BroadcastInputs(ConversionContext context, TfliteOperator op)
    {
        var activations = op.Inputs.Where(i => !context.IsConstant(i)).ToArray();
        var layout = activations.Any(i => context.LayoutOf(i) == TensorLayout.ChannelsFirst)
                     && activations.All(i => context.Tensor(i).Rank == 4)
                     && context.Tensor(op.Outputs[0]).Rank == 4
            ? TensorLayout.ChannelsFirst
            : TensorLayout.Tflite;
        var inputs = op.Inputs
            .Select(i => context.IsConstant(i) ? context.BroadcastConstant(i, layout) : context.Activation(i, layout))
            .ToArray();
        return (inputs, layout);
    }

    /// <summary>Where an operator writes before its fused activation: straight to its output when there is none.</summary>
    public static string PreActivationName(ConversionContext context, TfliteOperator op, TensorLayout layout, TfliteActivation activation) =>
        activation == TfliteActivation.None
            ? context.Define(op.Outputs[0], layout)
            : context.Tensor(op.Outputs[0]).Name + "_before_activation";

    /// <summary>Adds the fused activation after <paramref name="preActivation"/>, writing the operator's output.</summary>
    public static void ApplyActivation(ConversionContext context, string preActivation, int output, TensorLayout layout, TfliteActivation activation)
    {
        if (activation == TfliteActivation.None) return;
        var graph = context.Graph;
        switch (activation)
        {
            case TfliteActivation.Relu:
                graph.AddNode("Relu", [preActivation], context.Define(output, layout));
                break;
            case TfliteActivation.Tanh:
                graph.AddNode("Tanh", [preActivation], context.Define(output, layout));
                break;
            case TfliteActivation.Relu6:
            case TfliteActivation.ReluN1To1:
                var (min, max) = activation == TfliteActivation.Relu6 ? (0f, 6f) : (-1f, 1f);
                var minName = ScalarInitializer(graph, $"clip_min_{min}", min);
                var maxName = ScalarInitializer(graph, $"clip_max_{max}", max);
                graph.AddNode("Clip", [preActivation, minName, maxName], context.Define(output, layout));
                break;
            default:
                throw new UnsupportedTfliteOperatorException($"fused activation {activation}", context.ModelName);
        }
    }

    private static string ScalarInitializer(OnnxGraphBuilder graph, string name, float value) =>
        graph.IsDefined(name) ? name : graph.AddInitializer(name, [value]);
}
