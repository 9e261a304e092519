using FaceActors.Models.Onnx;
using FaceActors.Models.Tfjs;

namespace FaceActors.Models.TfjsConversion;

/// <summary>What TF's grappler fused into _FusedConv2D, FusedDepthwiseConv2dNative and _FusedMatMul after the bias.</summary>
internal static class FusedActivation
{
    /// <param name="fusedOps">The fused_ops left to apply, in order.</param>
    /// <param name="argument">The node's input index of the next fused argument (a bias, PReLU's slopes).</param>
    /// <param name="channelAxis">Where the channels are in <paramref name="value"/>: 1 for NCHW, -1 for a matrix.</param>
    public static string Apply(TfjsConversionContext context, TfjsNode node, string value, IReadOnlyList<string> fusedOps, int argument, int channelAxis)
    {
        foreach (var op in fusedOps)
        {
            var output = context.NameFor(node, suffix: op.ToLowerInvariant());
            value = op switch
            {
                "BiasAdd" => context.Graph.AddNode("Add", [value, PerChannel(context, node, argument++, channelAxis)], output),
                "Relu" => context.Graph.AddNode("Relu", [value], output),
                "Relu6" => ElementwiseOps.Clip(context, value, 0, 6, output),
                "Elu" => context.Graph.AddNode("Elu", [value], output),
                "Sigmoid" => context.Graph.AddNode("Sigmoid", [value], output),
                "Tanh" => context.Graph.AddNode("Tanh", [value], output),
                "LeakyRelu" => context.Graph.AddNode("LeakyRelu", [value], output, OnnxAttribute.Float("alpha", node.Float("leakyrelu_alpha", 0.2f))),
                "Prelu" => context.Graph.AddNode("PRelu", [value, PerChannel(context, node, argument++, channelAxis)], output),
                _ => throw new UnsupportedTfjsGraphException(context.ModelName, $"the {node.Op} node '{node.Name}' fuses {op}, which the converter does not apply"),
            };
        }
        return value;
    }

    /// <summary>A per-channel constant shaped to broadcast against the channel axis ([C, 1, 1] for NCHW).</summary>
    private static string PerChannel(TfjsConversionContext context, TfjsNode node, int argument, int channelAxis)
    {
        if (channelAxis == -1) return context.Input(node, argument);
        var values = context.Constant(node, argument);
        return context.Initializer(context.NameFor(node, suffix: $"argument_{argument}"),
            TfjsTensor.Float([values.ElementCount, 1, 1], values.AsFloats()));
    }
}
