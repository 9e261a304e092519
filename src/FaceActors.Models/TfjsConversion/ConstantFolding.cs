using FaceActors.Models.Tfjs;

namespace FaceActors.Models.TfjsConversion;

/// <summary>
/// Computes, at conversion time, operators whose inputs are all constants: the shape arithmetic exporters leave
/// in a graph (NanoDet builds its Reshape shapes with SparseToDense and AddV2 over constants). ONNX has no
/// SparseToDense, so folding is the only way such a subgraph converts.
/// </summary>
internal static class ConstantFolding
{
    private static readonly HashSet<string> Foldable = ["Identity", "Cast", "Add", "AddV2", "Sub", "Mul", "Pack", "ConcatV2", "Reshape", "SparseToDense"];

    public static bool Folds(string op) => Foldable.Contains(op);

    /// <summary>Folds the node into a constant; false when its operands are not a case folding handles (it is then translated).</summary>
    public static bool TryFold(TfjsConversionContext context, TfjsNode node)
    {
        var value = node.Op switch
        {
            "Identity" => context.Constant(node, 0),
            "Cast" => Cast(context.Constant(node, 0), context.DeclaredType(node, "DstT")),
            "Add" or "AddV2" => Arithmetic(context, node, (a, b) => a + b, (a, b) => a + b),
            "Sub" => Arithmetic(context, node, (a, b) => a - b, (a, b) => a - b),
            "Mul" => Arithmetic(context, node, (a, b) => a * b, (a, b) => a * b),
            "Pack" => Join(context, node, count: node.DataInputs.Count(), axis: node.Int("axis", 0)),
            "ConcatV2" => Join(context, node, count: node.DataInputs.Count() - 1, axis: context.Constant(node, node.DataInputs.Count() - 1).AsIntegers()[0]),
            "Reshape" => Reshape(context.Constant(node, 0), context.Constant(node, 1).AsIntegers()),
            "SparseToDense" => SparseToDense(context, node),
            _ => null,
        };
        if (value is null) return false;
        context.DefineConstant(node.Name, value);
        return true;
    }

    private static TfjsTensor Cast(TfjsTensor value, TfDataType type) => type switch
    {
        TfDataType.Float => TfjsTensor.Float(value.Shape, value.AsFloats()),
        TfDataType.Bool => TfjsTensor.Integer(type, value.Shape, value.AsIntegers().Select(v => v != 0 ? 1L : 0L).ToArray()),
        _ => TfjsTensor.Integer(type, value.Shape, value.AsIntegers()),
    };

    /// <summary>Element-wise over equal shapes, or with a single value on either side.</summary>
    private static TfjsTensor? Arithmetic(TfjsConversionContext context, TfjsNode node, Func<long, long, long> integers, Func<float, float, float> floats)
    {
        var (a, b) = (context.Constant(node, 0), context.Constant(node, 1));
        if (!a.Shape.SequenceEqual(b.Shape) && a.ElementCount != 1 && b.ElementCount != 1) return null;
        var shape = a.ElementCount >= b.ElementCount ? a.Shape : b.Shape;
        var count = Math.Max(a.ElementCount, b.ElementCount);
        if (a.Type == TfDataType.Float)
        {
            var (x, y) = (a.AsFloats(), b.AsFloats());
            return TfjsTensor.Float(shape, Enumerable.Range(0, count).Select(i => floats(x[x.Length == 1 ? 0 : i], y[y.Length == 1 ? 0 : i])).ToArray());
        }
        var (p, q) = (a.AsIntegers(), b.AsIntegers());
        return TfjsTensor.Integer(a.Type, shape, Enumerable.Range(0, count).Select(i => integers(p[p.Length == 1 ? 0 : i], q[q.Length == 1 ? 0 : i])).ToArray());
    }

    /// <summary>Pack (a new axis 0) or ConcatV2 (axis 0) of scalars and vectors, as shape arithmetic uses them.</summary>
    private static TfjsTensor? Join(TfjsConversionContext context, TfjsNode node, int count, long axis)
    {
        var parts = Enumerable.Range(0, count).Select(i => context.Constant(node, i)).ToList();
        var packing = node.Op == "Pack";
        if (axis != 0 || parts.Any(p => p.Shape.Length != (packing ? 0 : 1))) return null;
        var type = parts[0].Type;
        var length = parts.Sum(p => p.ElementCount);
        return type == TfDataType.Float
            ? TfjsTensor.Float([length], parts.SelectMany(p => p.AsFloats()).ToArray())
            : TfjsTensor.Integer(type, [length], parts.SelectMany(p => p.AsIntegers()).ToArray());
    }

    private static TfjsTensor Reshape(TfjsTensor value, long[] shape)
    {
        var known = shape.Where(d => d >= 0).Aggregate(1L, (a, b) => a * b);
        var dims = shape.Select(d => (int)(d < 0 ? value.ElementCount / known : d)).ToArray();
        return value with { Shape = dims };
    }

    /// <summary>SparseToDense(indices, output_shape, values, default): the default everywhere, the values at the indices.</summary>
    private static TfjsTensor? SparseToDense(TfjsConversionContext context, TfjsNode node)
    {
        var indices = context.Constant(node, 0);
        var shape = context.Constant(node, 1).AsIntegers().Select(d => (int)d).ToArray();
        var values = context.Constant(node, 2);
        var fill = context.Constant(node, 3);
        if (shape.Length != 1 && indices.ElementCount > 0) return null; // only vectors are scattered into
        var count = shape.Aggregate(1, (a, b) => a * b);
        var type = context.DeclaredType(node);
        if (type == TfDataType.Float)
        {
            var dense = Enumerable.Repeat(fill.AsFloats()[0], count).ToArray();
            var at = indices.AsIntegers();
            for (var i = 0; i < at.Length; i++) dense[at[i]] = values.AsFloats()[values.ElementCount == 1 ? 0 : i];
            return TfjsTensor.Float(shape, dense);
        }
        var integers = Enumerable.Repeat(fill.AsIntegers()[0], count).ToArray();
        var positions = indices.AsIntegers();
        for (var i = 0; i < positions.Length; i++) integers[positions[i]] = values.AsIntegers()[values.ElementCount == 1 ? 0 : i];
        return TfjsTensor.Integer(type, shape, integers);
    }
}
