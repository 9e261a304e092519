using FaceActors.Models.Onnx;
using FaceActors.Models.Tfjs;
using Onnx;

namespace FaceActors.Models.TfjsConversion;

/// <summary>
/// The operators ONNX defines channels-first: convolutions (with TF's fused bias and activation), pooling,
/// bilinear resizing and depth-to-space. A node in TF's NHWC runs between a Transpose in and a Transpose out;
/// a node already in NCHW (data_format) runs as it is.
/// </summary>
internal static class ChannelsFirstOps
{
    public static void Conv2D(TfjsConversionContext context, TfjsNode node)
    {
        var filter = context.Constant(node, 1); // HWIO
        var (h, w, i, o) = (filter.Shape[0], filter.Shape[1], filter.Shape[2], filter.Shape[3]);
        var weights = context.Graph.AddInitializer(context.NameFor(node, suffix: "weights"),
            Conversion.ChannelsFirst.Permute<float>(filter.AsFloats(), filter.Shape, [3, 2, 0, 1]), o, i, h, w);
        Convolution(context, node, weights, [h, w], group: 1);
    }

    public static void DepthwiseConv2D(TfjsConversionContext context, TfjsNode node)
    {
        var filter = context.Constant(node, 1); // H, W, C, multiplier
        var (h, w, c, m) = (filter.Shape[0], filter.Shape[1], filter.Shape[2], filter.Shape[3]);
        // TF's output channel k·multiplier + j reads input channel k, as ONNX's grouped Conv with group = C does.
        var weights = context.Graph.AddInitializer(context.NameFor(node, suffix: "weights"),
            Conversion.ChannelsFirst.Permute<float>(filter.AsFloats(), filter.Shape, [2, 3, 0, 1]), c * m, 1, h, w);
        Convolution(context, node, weights, [h, w], group: c);
    }

    public static TfjsOperatorTranslator Pool(string onnxOp) => (context, node) =>
    {
        var layout = Layout.Of(node);
        var kernel = layout.Spatial(node.Ints("ksize"));
        var attributes = new List<AttributeProto> { OnnxAttribute.Ints("kernel_shape", kernel), OnnxAttribute.Ints("strides", layout.Spatial(node.Ints("strides"))) };
        attributes.AddRange(Padding(node, layout));
        var output = context.Graph.AddNode(onnxOp, [layout.Input(context, node, 0)], context.NameFor(node, suffix: "nchw"), [.. attributes]);
        layout.Define(context, node, output);
    };

    /// <summary>TF's bilinear resize to a size given as a [height, width] tensor (constant or computed).</summary>
    public static void ResizeBilinear(TfjsConversionContext context, TfjsNode node)
    {
        var graph = context.Graph;
        var input = context.ChannelsFirstInput(node, 0);
        var batchAndChannels = graph.AddNode("Slice",
            [graph.AddNode("Shape", [input], context.NameFor(node, suffix: "input_shape")),
             Int64s(context, node, "zero", 0), Int64s(context, node, "two", 2)],
            context.NameFor(node, suffix: "batch_channels"));
        var size = graph.AddNode("Cast", [context.Input(node, 1)], context.NameFor(node, suffix: "size"),
            OnnxAttribute.Int("to", (long)TensorProto.Types.DataType.Int64));
        var sizes = graph.AddNode("Concat", [batchAndChannels, size], context.NameFor(node, suffix: "sizes"), OnnxAttribute.Int("axis", 0));
        var mode = node.Bool("align_corners") ? "align_corners" : node.Bool("half_pixel_centers") ? "half_pixel" : "asymmetric";
        var output = graph.AddNode("Resize", [input, "", "", sizes], context.NameFor(node, suffix: "nchw"),
            OnnxAttribute.String("mode", "linear"), OnnxAttribute.String("coordinate_transformation_mode", mode));
        context.DefineFromChannelsFirst(node, 0, output, TfDataType.Float);
    }

    /// <summary>TF's DepthToSpace reads channel (i·block + j)·C' + c into pixel (i, j): ONNX's DCR mode.</summary>
    public static void DepthToSpace(TfjsConversionContext context, TfjsNode node)
    {
        var layout = Layout.Of(node);
        var output = context.Graph.AddNode("DepthToSpace", [layout.Input(context, node, 0)], context.NameFor(node, suffix: "nchw"),
            OnnxAttribute.Int("blocksize", node.Int("block_size")), OnnxAttribute.String("mode", "DCR"));
        layout.Define(context, node, output);
    }

    private static void Convolution(TfjsConversionContext context, TfjsNode node, string weights, long[] kernel, long group)
    {
        var layout = Layout.Of(node);
        var fusedOps = node.Strings("fused_ops");
        var inputs = new List<string> { layout.Input(context, node, 0), weights };
        var arguments = 2;
        if (fusedOps.FirstOrDefault() == "BiasAdd")
        {
            inputs.Add(context.Input(node, arguments++));
            fusedOps = fusedOps[1..];
        }
        var attributes = new List<AttributeProto>
        {
            OnnxAttribute.Ints("kernel_shape", kernel),
            OnnxAttribute.Ints("strides", layout.Spatial(node.Ints("strides"))),
            OnnxAttribute.Int("group", group),
        };
        if (node.Ints("dilations") is { Length: 4 } dilations) attributes.Add(OnnxAttribute.Ints("dilations", layout.Spatial(dilations)));
        attributes.AddRange(Padding(node, layout));
        var convolved = context.Graph.AddNode("Conv", inputs, context.NameFor(node, suffix: "conv"), [.. attributes]);
        layout.Define(context, node, FusedActivation.Apply(context, node, convolved, fusedOps, arguments, channelAxis: 1));
    }

    private static IEnumerable<AttributeProto> Padding(TfjsNode node, Layout layout)
    {
        switch (node.String("padding"))
        {
            case "VALID":
                yield break;
            case "SAME":
                // TF's SAME puts the odd pixel at the bottom and right: ONNX's SAME_UPPER, which also works for free sizes.
                yield return OnnxAttribute.String("auto_pad", "SAME_UPPER");
                yield break;
            case "EXPLICIT":
                var pads = node.Ints("explicit_paddings"); // begin, end per dimension, in the data format's order
                var (height, width) = layout.SpatialAxes;
                yield return OnnxAttribute.Ints("pads", pads[2 * height], pads[2 * width], pads[2 * height + 1], pads[2 * width + 1]);
                yield break;
            case var other:
                throw new UnsupportedTfjsGraphException(node.Name, $"the {node.Op} node '{node.Name}' has the padding {other}");
        }
    }

    private static string Int64s(TfjsConversionContext context, TfjsNode node, string name, params long[] values) =>
        context.Graph.AddInitializer(context.NameFor(node, suffix: name), values, values.Length);

    /// <summary>Where a node's data format puts the spatial axes, and how its input and output reach NCHW.</summary>
    private sealed record Layout(bool Nhwc)
    {
        public static Layout Of(TfjsNode node) => new(node.String("data_format", "NHWC") == "NHWC");

        public (int Height, int Width) SpatialAxes => Nhwc ? (1, 2) : (2, 3);

        public long[] Spatial(long[] perAxis) => [perAxis[SpatialAxes.Height], perAxis[SpatialAxes.Width]];

        public string Input(TfjsConversionContext context, TfjsNode node, int i) => Nhwc ? context.ChannelsFirstInput(node, i) : context.Input(node, i);

        public void Define(TfjsConversionContext context, TfjsNode node, string nchw)
        {
            if (Nhwc) context.DefineFromChannelsFirst(node, 0, nchw, TfDataType.Float);
            else context.Define(node, 0, nchw, TfDataType.Float);
        }
    }
}
