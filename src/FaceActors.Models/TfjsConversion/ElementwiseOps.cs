using FaceActors.Models.Onnx;
using FaceActors.Models.Tfjs;

namespace FaceActors.Models.TfjsConversion;

/// <summary>Operators that work element by element; they run in whatever layout TF gave their inputs.</summary>
internal static class ElementwiseOps
{
    /// <summary>An Identity adds nothing to the graph: its output is its input's value.</summary>
    public static void Identity(TfjsConversionContext context, TfjsNode node) =>
        context.Define(node, 0, context.Input(node, 0), context.TypeOf(TfjsConversionContext.InputOf(node, 0)));

    public static TfjsOperatorTranslator Unary(string onnxOp) => (context, node) =>
        context.Define(node, 0, context.Graph.AddNode(onnxOp, [context.Input(node, 0)], context.NameFor(node)), context.DeclaredType(node));

    /// <summary>Two inputs of one type, broadcast NumPy-style in ONNX as in TF; comparisons give booleans.</summary>
    public static TfjsOperatorTranslator Binary(string onnxOp) => (context, node) =>
    {
        var type = onnxOp is "Equal" or "Greater" or "Less" ? TfDataType.Bool : context.DeclaredType(node);
        context.Define(node, 0, context.Graph.AddNode(onnxOp, [context.Input(node, 0), context.Input(node, 1)], context.NameFor(node)), type);
    };

    /// <summary>
    /// Integer floor division. ONNX's integer Div truncates toward zero, which is floor only for operands of one
    /// sign; the models divide indices by positive sizes, which this covers. Floats divide and floor.
    /// </summary>
    public static void FloorDiv(TfjsConversionContext context, TfjsNode node)
    {
        var type = context.DeclaredType(node);
        var quotient = context.Graph.AddNode("Div", [context.Input(node, 0), context.Input(node, 1)],
            type == TfDataType.Float ? context.NameFor(node, suffix: "quotient") : context.NameFor(node));
        context.Define(node, 0, type == TfDataType.Float ? context.Graph.AddNode("Floor", [quotient], context.NameFor(node)) : quotient, type);
    }

    /// <summary>Integer FloorMod: ONNX's Mod with fmod = 0 takes the divisor's sign, as TF's floor modulo does.</summary>
    public static void FloorMod(TfjsConversionContext context, TfjsNode node)
    {
        var type = context.DeclaredType(node);
        if (type == TfDataType.Float)
            throw new UnsupportedTfjsGraphException(context.ModelName, $"the FloorMod node '{node.Name}' works on floats; the converter translates integer FloorMod only");
        context.Define(node, 0, context.Graph.AddNode("Mod", [context.Input(node, 0), context.Input(node, 1)], context.NameFor(node), OnnxAttribute.Int("fmod", 0)), type);
    }

    public static void Square(TfjsConversionContext context, TfjsNode node)
    {
        var x = context.Input(node, 0);
        context.Define(node, 0, context.Graph.AddNode("Mul", [x, x], context.NameFor(node)), context.DeclaredType(node));
    }

    public static void Rsqrt(TfjsConversionContext context, TfjsNode node) =>
        context.Define(node, 0, context.Graph.AddNode("Reciprocal",
            [context.Graph.AddNode("Sqrt", [context.Input(node, 0)], context.NameFor(node, suffix: "sqrt"))], context.NameFor(node)), TfDataType.Float);

    public static void Relu6(TfjsConversionContext context, TfjsNode node) =>
        context.Define(node, 0, Clip(context, context.Input(node, 0), 0, 6, context.NameFor(node)), TfDataType.Float);

    public static void LeakyRelu(TfjsConversionContext context, TfjsNode node) =>
        context.Define(node, 0, context.Graph.AddNode("LeakyRelu", [context.Input(node, 0)], context.NameFor(node),
            OnnxAttribute.Float("alpha", node.Float("alpha", 0.2f))), TfDataType.Float);

    /// <summary>TF's Softmax is over the last axis, as ONNX's is from opset 13.</summary>
    public static void Softmax(TfjsConversionContext context, TfjsNode node) =>
        context.Define(node, 0, context.Graph.AddNode("Softmax", [context.Input(node, 0)], context.NameFor(node), OnnxAttribute.Int("axis", -1)), TfDataType.Float);

    public static void Cast(TfjsConversionContext context, TfjsNode node)
    {
        var target = context.DeclaredType(node, "DstT");
        context.Define(node, 0, context.Graph.AddNode("Cast", [context.Input(node, 0)], context.NameFor(node),
            OnnxAttribute.Int("to", (long)TfjsConversionContext.OnnxType(target))), target);
    }

    /// <summary>Clips to [min, max]; the bounds are scalar initializers shared by every Clip with the same ones.</summary>
    public static string Clip(TfjsConversionContext context, string input, float min, float max, string output)
    {
        var graph = context.Graph;
        var (minName, maxName) = ($"clip_min_{min}", $"clip_max_{max}");
        if (!graph.IsDefined(minName)) graph.AddInitializer(minName, [min]);
        if (!graph.IsDefined(maxName)) graph.AddInitializer(maxName, [max]);
        return graph.AddNode("Clip", [input, minName, maxName], output);
    }
}
