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
