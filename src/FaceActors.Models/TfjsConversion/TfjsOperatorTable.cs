using FaceActors.Models.Tfjs;

namespace FaceActors.Models.TfjsConversion;

/// <summary>Adds the ONNX nodes for one TF node and defines its outputs in the context.</summary>
internal delegate void TfjsOperatorTranslator(TfjsConversionContext context, TfjsNode node);

/// <summary>The TF operators the converter translates: those of the TFJS models FaceActors ships, and their near kin.</summary>
internal static class TfjsOperatorTable
{
    private static readonly Dictionary<string, TfjsOperatorTranslator> Translators = new()
    {
        ["Identity"] = ElementwiseOps.Identity,
        ["Conv2D"] = ChannelsFirstOps.Conv2D,
        ["_FusedConv2D"] = ChannelsFirstOps.Conv2D,
        ["DepthwiseConv2dNative"] = ChannelsFirstOps.DepthwiseConv2D,
        ["FusedDepthwiseConv2dNative"] = ChannelsFirstOps.DepthwiseConv2D,
        ["MaxPool"] = ChannelsFirstOps.Pool("MaxPool"),
        ["AvgPool"] = ChannelsFirstOps.Pool("AveragePool"),
        ["ResizeBilinear"] = ChannelsFirstOps.ResizeBilinear,
        ["DepthToSpace"] = ChannelsFirstOps.DepthToSpace,
        ["Relu"] = ElementwiseOps.Unary("Relu"),
        ["Sigmoid"] = ElementwiseOps.Unary("Sigmoid"),
        ["Tanh"] = ElementwiseOps.Unary("Tanh"),
        ["Exp"] = ElementwiseOps.Unary("Exp"),
        ["Neg"] = ElementwiseOps.Unary("Neg"),
        ["Abs"] = ElementwiseOps.Unary("Abs"),
        ["Sqrt"] = ElementwiseOps.Unary("Sqrt"),
        ["Floor"] = ElementwiseOps.Unary("Floor"),
        ["Square"] = ElementwiseOps.Square,
        ["Rsqrt"] = ElementwiseOps.Rsqrt,
        ["Relu6"] = ElementwiseOps.Relu6,
        ["LeakyRelu"] = ElementwiseOps.LeakyRelu,
        ["Softmax"] = ElementwiseOps.Softmax,
        ["Cast"] = ElementwiseOps.Cast,
        ["Add"] = ElementwiseOps.Binary("Add"),
        ["AddV2"] = ElementwiseOps.Binary("Add"),
        ["BiasAdd"] = ElementwiseOps.Binary("Add"),
        ["Sub"] = ElementwiseOps.Binary("Sub"),
        ["Mul"] = ElementwiseOps.Binary("Mul"),
        ["RealDiv"] = ElementwiseOps.Binary("Div"),
        ["Maximum"] = ElementwiseOps.Binary("Max"),
        ["Minimum"] = ElementwiseOps.Binary("Min"),
        ["Equal"] = ElementwiseOps.Binary("Equal"),
        ["Greater"] = ElementwiseOps.Binary("Greater"),
        ["Less"] = ElementwiseOps.Binary("Less"),
        ["FloorDiv"] = ElementwiseOps.FloorDiv,
        ["FloorMod"] = ElementwiseOps.FloorMod,
        ["Reshape"] = ShapeOps.Reshape,
        ["Transpose"] = ShapeOps.Transpose,
        ["ConcatV2"] = ShapeOps.ConcatV2,
        ["SplitV"] = ShapeOps.SplitV,
        ["Pad"] = ShapeOps.Pad,
        ["PadV2"] = ShapeOps.Pad,
        ["Pack"] = ShapeOps.Pack,
        ["ExpandDims"] = ShapeOps.ExpandDims,
        ["Squeeze"] = ShapeOps.Squeeze,
        ["Shape"] = ShapeOps.Shape,
        ["StridedSlice"] = ShapeOps.StridedSlice,
        ["GatherV2"] = ShapeOps.GatherV2,
        ["TopKV2"] = ShapeOps.TopKV2,
        ["Mean"] = ShapeOps.Reduce("ReduceMean"),
        ["Max"] = ShapeOps.Reduce("ReduceMax"),
        ["Sum"] = ShapeOps.Sum,
        ["MatMul"] = ShapeOps.MatMul,
        ["_FusedMatMul"] = ShapeOps.MatMul,
    };

    public static bool Translates(string op) => Translators.ContainsKey(op);

    public static void Translate(TfjsConversionContext context, TfjsNode node)
    {
        if (!Translators.TryGetValue(node.Op, out var translator))
            throw new UnsupportedTfjsGraphException(context.ModelName, $"the {node.Op} node '{node.Name}' can only be converted when its inputs are constants it can fold");
        translator(context, node);
    }
}
