using FaceActors.Models.Onnx;
using FaceActors.Models.Tfjs;
using Onnx;

namespace FaceActors.Models.TfjsConversion;

/// <summary>Operators that move, join, cut or reduce tensors; they keep TF's layout, so TF's axes apply as they are.</summary>
internal static class ShapeOps
{
    private static readonly long Int64Cast = (long)TensorProto.Types.DataType.Int64;

    public static void Reshape(TfjsConversionContext context, TfjsNode node) =>
        context.Define(node, 0, context.Graph.AddNode("Reshape", [context.Input(node, 0), Int64Input(context, node, 1)], context.NameFor(node)),
            context.DeclaredType(node));

    public static void Transpose(TfjsConversionContext context, TfjsNode node) =>
        context.Define(node, 0, context.Graph.AddNode("Transpose", [context.Input(node, 0)], context.NameFor(node),
            OnnxAttribute.Ints("perm", context.Constant(node, 1).AsIntegers())), context.DeclaredType(node));

    /// <summary>ConcatV2's axis is its last input.</summary>
    public static void ConcatV2(TfjsConversionContext context, TfjsNode node)
    {
        var count = node.DataInputs.Count() - 1;
        var axis = context.Constant(node, count).AsIntegers()[0];
        var inputs = Enumerable.Range(0, count).Select(i => context.Input(node, i)).ToArray();
        context.Define(node, 0, context.Graph.AddNode("Concat", inputs, context.NameFor(node), OnnxAttribute.Int("axis", axis)), context.DeclaredType(node));
    }

    /// <summary>SplitV(value, sizes, axis): the sizes must be known, with none left to infer (-1).</summary>
    public static void SplitV(TfjsConversionContext context, TfjsNode node)
    {
        var sizes = context.Constant(node, 1).AsIntegers();
        if (sizes.Any(s => s < 0))
            throw new UnsupportedTfjsGraphException(context.ModelName, $"the SplitV node '{node.Name}' leaves a size to infer (-1)");
        var axis = context.Constant(node, 2).AsIntegers()[0];
        var outputs = Enumerable.Range(0, sizes.Length).Select(k => context.NameFor(node, k)).ToArray();
        context.Graph.AddNode("Split", [context.Input(node, 0), context.Initializer(context.NameFor(node, suffix: "sizes"), TfjsTensor.Integer(TfDataType.Int64, [sizes.Length], sizes))],
            outputs, OnnxAttribute.Int("axis", axis));
        var type = context.DeclaredType(node);
        for (var k = 0; k < outputs.Length; k++) context.Define(node, k, outputs[k], type);
    }

    /// <summary>Pad and PadV2: paddings [rank, 2] as (begin, end) rows become ONNX's begins then ends.</summary>
    public static void Pad(TfjsConversionContext context, TfjsNode node)
    {
        var paddings = context.Constant(node, 1).AsIntegers();
        var rank = paddings.Length / 2;
        var pads = Enumerable.Range(0, rank).Select(d => paddings[2 * d]).Concat(Enumerable.Range(0, rank).Select(d => paddings[2 * d + 1])).ToArray();
        var inputs = new List<string>
        {
            context.Input(node, 0), context.Initializer(context.NameFor(node, suffix: "pads"), TfjsTensor.Integer(TfDataType.Int64, [pads.Length], pads)),
        };
        if (node.Op == "PadV2") inputs.Add(context.Input(node, 2));
        context.Define(node, 0, context.Graph.AddNode("Pad", inputs, context.NameFor(node)), context.DeclaredType(node));
    }

    /// <summary>Pack stacks its inputs along a new axis: each is unsqueezed there, then they are joined.</summary>
    public static void Pack(TfjsConversionContext context, TfjsNode node)
    {
        var axis = node.Int("axis", 0);
        var axes = context.Initializer(context.NameFor(node, suffix: "axes"), TfjsTensor.Integer(TfDataType.Int64, [1], [axis]));
        var parts = node.DataInputs.Select((input, i) =>
            context.Graph.AddNode("Unsqueeze", [context.Value(input), axes], context.NameFor(node, suffix: $"part_{i}"))).ToArray();
        context.Define(node, 0, context.Graph.AddNode("Concat", parts, context.NameFor(node), OnnxAttribute.Int("axis", axis)), context.DeclaredType(node));
    }

    public static void ExpandDims(TfjsConversionContext context, TfjsNode node) =>
        context.Define(node, 0, context.Graph.AddNode("Unsqueeze", [context.Input(node, 0), Int64Input(context, node, 1)], context.NameFor(node)),
            context.DeclaredType(node));

    public static void Squeeze(TfjsConversionContext context, TfjsNode node)
    {
        var axes = node.Ints("squeeze_dims");
        var inputs = new List<string> { context.Input(node, 0) };
        if (axes.Length > 0) inputs.Add(context.Initializer(context.NameFor(node, suffix: "axes"), TfjsTensor.Integer(TfDataType.Int64, [axes.Length], axes)));
        context.Define(node, 0, context.Graph.AddNode("Squeeze", inputs, context.NameFor(node)), context.DeclaredType(node));
    }

    /// <summary>ONNX's Shape gives int64; TF's gives its out_type (int32 unless it says otherwise).</summary>
    public static void Shape(TfjsConversionContext context, TfjsNode node)
    {
        var type = node.Attributes.ContainsKey("out_type") ? context.DeclaredType(node, "out_type") : TfDataType.Int32;
        var shape = context.Graph.AddNode("Shape", [context.Input(node, 0)], type == TfDataType.Int64 ? context.NameFor(node) : context.NameFor(node, suffix: "int64"));
        context.Define(node, 0, type == TfDataType.Int64 ? shape
            : context.Graph.AddNode("Cast", [shape], context.NameFor(node), OnnxAttribute.Int("to", (long)TfjsConversionContext.OnnxType(type))), type);
    }

    /// <summary>
    /// StridedSlice with constant begin, end and strides: a Slice over every axis the spec names, then a Squeeze of the
    /// shrunk ones. Ellipsis and new-axis masks are refused (the shipped models use neither).
    /// </summary>
    public static void StridedSlice(TfjsConversionContext context, TfjsNode node)
    {
        if (node.Int("ellipsis_mask", 0) != 0 || node.Int("new_axis_mask", 0) != 0)
            throw new UnsupportedTfjsGraphException(context.ModelName, $"the StridedSlice node '{node.Name}' uses an ellipsis or new-axis mask");
        var slice = StridedSliceSpec.Read(context, node);
        var graph = context.Graph;
        var sliced = graph.AddNode("Slice",
            [context.Input(node, 0), Int64s(context, node, "starts", slice.Starts), Int64s(context, node, "ends", slice.Ends),
             Int64s(context, node, "axes", slice.Axes), Int64s(context, node, "steps", slice.Steps)],
            slice.Shrunk.Length == 0 ? context.NameFor(node) : context.NameFor(node, suffix: "sliced"));
        context.Define(node, 0, slice.Shrunk.Length == 0 ? sliced
            : graph.AddNode("Squeeze", [sliced, Int64s(context, node, "shrunk", slice.Shrunk)], context.NameFor(node)), context.DeclaredType(node));
    }

    public static void GatherV2(TfjsConversionContext context, TfjsNode node)
    {
        if (node.Int("batch_dims", 0) != 0)
            throw new UnsupportedTfjsGraphException(context.ModelName, $"the GatherV2 node '{node.Name}' gathers with batch_dims");
        context.Define(node, 0, context.Graph.AddNode("Gather", [context.Input(node, 0), context.Input(node, 1)], context.NameFor(node),
            OnnxAttribute.Int("axis", context.Constant(node, 2).AsIntegers()[0])), context.DeclaredType(node));
    }

    /// <summary>TopKV2 over the last axis, largest first; TF's indices are int32, ONNX's int64.</summary>
    public static void TopKV2(TfjsConversionContext context, TfjsNode node)
    {
        var graph = context.Graph;
        var outputs = graph.AddNode("TopK", [context.Input(node, 0), Int64Input(context, node, 1, asVector: true)],
            [context.NameFor(node, 0), context.NameFor(node, 1, "int64")], OnnxAttribute.Int("axis", -1), OnnxAttribute.Int("largest", 1),
            OnnxAttribute.Int("sorted", 1));
        context.Define(node, 0, outputs[0], context.DeclaredType(node));
        context.Define(node, 1, graph.AddNode("Cast", [outputs[1]], context.NameFor(node, 1), OnnxAttribute.Int("to", (long)TensorProto.Types.DataType.Int32)),
            TfDataType.Int32);
    }

    /// <summary>Mean and Max over constant axes, with TF's keep_dims.</summary>
    public static TfjsOperatorTranslator Reduce(string onnxOp) => (context, node) =>
        context.Define(node, 0, context.Graph.AddNode(onnxOp, [context.Input(node, 0)], context.NameFor(node),
            OnnxAttribute.Ints("axes", context.Constant(node, 1).AsIntegers()), OnnxAttribute.Int("keepdims", node.Bool("keep_dims") ? 1 : 0)),
            context.DeclaredType(node));

    /// <summary>Sum over constant axes: from opset 13 ReduceSum takes its axes as an input, not an attribute.</summary>
    public static void Sum(TfjsConversionContext context, TfjsNode node) =>
        context.Define(node, 0, context.Graph.AddNode("ReduceSum", [context.Input(node, 0), Int64Input(context, node, 1, asVector: true)], context.NameFor(node),
            OnnxAttribute.Int("keepdims", node.Bool("keep_dims") ? 1 : 0)), context.DeclaredType(node));

    /// <summary>MatMul and _FusedMatMul (a bias and an activation after it), with TF's transposes of either side.</summary>
    public static void MatMul(TfjsConversionContext context, TfjsNode node)
    {
        var graph = context.Graph;
        string Side(int i, string attribute) => node.Bool(attribute)
            ? graph.AddNode("Transpose", [context.Input(node, i)], context.NameFor(node, suffix: $"transposed_{i}"), OnnxAttribute.Ints("perm", 1, 0))
            : context.Input(node, i);
        var product = graph.AddNode("MatMul", [Side(0, "transpose_a"), Side(1, "transpose_b")], context.NameFor(node, suffix: "product"));
        context.Define(node, 0, FusedActivation.Apply(context, node, product, node.Strings("fused_ops"), argument: 2, channelAxis: -1), TfDataType.Float);
    }

    /// <summary>An input ONNX wants as int64 (a shape, axes, k): an initializer when constant, else a Cast.</summary>
    private static string Int64Input(TfjsConversionContext context, TfjsNode node, int i, bool asVector = false)
    {
        var tensor = TfjsConversionContext.InputOf(node, i);
        if (context.IsConstant(tensor))
        {
            var value = context.Constant(node, i);
            return context.Initializer(context.NameFor(node, suffix: $"input_{i}"),
                TfjsTensor.Integer(TfDataType.Int64, asVector && value.Shape.Length == 0 ? [1] : value.Shape, value.AsIntegers()));
        }
        return context.Graph.AddNode("Cast", [context.Value(tensor)], context.NameFor(node, suffix: $"input_{i}"), OnnxAttribute.Int("to", Int64Cast));
    }

    private static string Int64s(TfjsConversionContext context, TfjsNode node, string name, long[] values) =>
        context.Initializer(context.NameFor(node, suffix: name), TfjsTensor.Integer(TfDataType.Int64, [values.Length], values));
}

/// <summary>A StridedSlice's constant begin, end and strides, with its masks applied, in ONNX Slice's terms.</summary>
internal sealed record StridedSliceSpec(long[] Starts, long[] Ends, long[] Axes, long[] Steps, long[] Shrunk)
{
    public static StridedSliceSpec Read(TfjsConversionContext context, TfjsNode node)
    {
        var begin = context.Constant(node, 1).AsIntegers();
        var end = context.Constant(node, 2).AsIntegers();
        var strides = context.Constant(node, 3).AsIntegers();
        var (beginMask, endMask, shrinkMask) = (node.Int("begin_mask", 0), node.Int("end_mask", 0), node.Int("shrink_axis_mask", 0));
        var starts = new long[begin.Length];
        var ends = new long[begin.Length];
        var shrunk = new List<long>();
        for (var axis = 0; axis < begin.Length; axis++)
        {
            var forward = strides[axis] > 0;
            starts[axis] = (beginMask >> axis & 1) == 1 ? (forward ? 0 : long.MaxValue) : begin[axis];
            ends[axis] = (endMask >> axis & 1) == 1 ? (forward ? long.MaxValue : long.MinValue) : end[axis];
            if ((shrinkMask >> axis & 1) == 1)
            {
                // One element at begin; -1 is the last, so its end is the end of the axis.
                starts[axis] = begin[axis];
                ends[axis] = begin[axis] == -1 ? long.MaxValue : begin[axis] + 1;
                strides[axis] = 1;
                shrunk.Add(axis);
            }
        }
        return new StridedSliceSpec(starts, ends, Enumerable.Range(0, begin.Length).Select(a => (long)a).ToArray(), strides, [.. shrunk]);
    }
}
