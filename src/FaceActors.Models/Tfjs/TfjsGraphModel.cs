using System.Text.Json;

namespace FaceActors.Models.Tfjs;

/// <summary>TensorFlow's element types that the graph models use, as TF names them (DT_FLOAT, DT_INT32, ...).</summary>
public enum TfDataType
{
    Float,
    Int32,
    Int64,
    Bool,
}

/// <summary>
/// A constant tensor: a weight from the manifest, or a value the converter computed. Values are held
/// widened (float or long) whatever the declared type; the type says what they mean.
/// </summary>
public sealed record TfjsTensor(TfDataType Type, int[] Shape, float[]? Floats, long[]? Integers)
{
    public int ElementCount => Shape.Aggregate(1, (a, b) => a * b);

    public static TfjsTensor Float(int[] shape, float[] values) => new(TfDataType.Float, shape, values, null);

    public static TfjsTensor Integer(TfDataType type, int[] shape, long[] values) => new(type, shape, null, values);

    /// <summary>The values as longs; a float constant must hold whole numbers to be read this way.</summary>
    public long[] AsIntegers() => Integers ?? Floats!.Select(f => (long)f).ToArray();

    public float[] AsFloats() => Floats ?? Integers!.Select(i => (float)i).ToArray();
}

/// <summary>
/// One node of the GraphDef. An input is "node", "node:k" for its k-th output, or "^node" for a
/// control dependency (which a converted graph does not need).
/// </summary>
public sealed record TfjsNode(string Name, string Op, IReadOnlyList<string> Inputs, IReadOnlyDictionary<string, JsonElement> Attributes)
{
    /// <summary>The data inputs, control dependencies left out.</summary>
    public IEnumerable<string> DataInputs => Inputs.Where(i => !i.StartsWith('^'));
}

/// <param name="Shape">-1 for a dimension the file leaves free.</param>
public sealed record TfjsGraphInput(string Name, TfDataType Type, int[] Shape);

/// <param name="Name">The output's name without TF's ":0" (the ONNX output keeps this name).</param>
/// <param name="Tensor">The producing node's output as an input reference ("node" or "node:k").</param>
/// <param name="Shape">The signature's shape (-1 where free), or null when the model does not say.</param>
public sealed record TfjsGraphOutput(string Name, string Tensor, int[]? Shape);

/// <summary>A TensorFlow.js graph model: its nodes, its weights by node name, and its signature.</summary>
public sealed record TfjsGraphModel(
    IReadOnlyList<TfjsNode> Nodes, IReadOnlyDictionary<string, TfjsTensor> Weights, IReadOnlyList<TfjsGraphInput> Inputs, IReadOnlyList<TfjsGraphOutput> Outputs);
