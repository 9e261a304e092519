using System.Text.Json;
using FaceActors.Models.Onnx;
using FaceActors.Models.Tfjs;
using DataType = Onnx.TensorProto.Types.DataType;

namespace FaceActors.Models.TfjsConversion;

/// <summary>
/// The state of one TFJS conversion. Every TF tensor ("node" or "node:k") is either a value in the ONNX graph
/// with TF's own layout and type, or a constant known at conversion time (a weight, or a small integer
/// computation the converter folded). A constant becomes an initializer only when an operator reads it as data.
/// </summary>
internal sealed class TfjsConversionContext(string modelName, OnnxGraphBuilder graph)
{
    private readonly Dictionary<string, (string Name, TfDataType Type)> _values = [];
    private readonly Dictionary<string, TfjsTensor> _constants = [];

    // A tensor's channels-first twin, where one exists: the NCHW value a Transpose to NHWC was made from.
    private readonly Dictionary<string, string> _channelsFirst = [];

    public string ModelName { get; } = modelName;
    public OnnxGraphBuilder Graph { get; } = graph;

    public void DefineConstant(string tensor, TfjsTensor value) => _constants[Canonical(tensor)] = value;

    /// <summary>Registers a node's k-th output as the ONNX value <paramref name="onnxName"/>.</summary>
    public void Define(TfjsNode node, int output, string onnxName, TfDataType type) =>
        _values[output == 0 ? node.Name : $"{node.Name}:{output}"] = (onnxName, type);

    /// <summary>A fresh ONNX name for a node's k-th output (or a helper value when a suffix is given).</summary>
    public string NameFor(TfjsNode node, int output = 0, string? suffix = null) =>
        (output == 0 ? node.Name : $"{node.Name}:{output}") + (suffix is null ? "" : "/" + suffix);

    /// <summary>The node's i-th data input.</summary>
    public static string InputOf(TfjsNode node, int i)
    {
        var inputs = node.DataInputs.ToList();
        return i < inputs.Count
            ? inputs[i]
            : throw new InvalidTfjsModelException(node.Name, $"the {node.Op} node '{node.Name}' has {inputs.Count} inputs; input {i} was expected");
    }

    public bool IsConstant(string tensor) => _constants.ContainsKey(Canonical(tensor));

    /// <summary>A constant input, for an operator that needs it at conversion time (a permutation, paddings, an axis).</summary>
    public TfjsTensor Constant(TfjsNode node, int i)
    {
        var tensor = InputOf(node, i);
        return _constants.TryGetValue(Canonical(tensor), out var value)
            ? value
            : throw new UnsupportedTfjsGraphException(ModelName,
                $"the {node.Op} node '{node.Name}' computes its input {i} ('{tensor}') at run time; the converter needs it constant");
    }

    public TfDataType TypeOf(string tensor) =>
        _constants.TryGetValue(Canonical(tensor), out var constant) ? constant.Type
        : _values.TryGetValue(Canonical(tensor), out var value) ? value.Type
        : throw Undefined(tensor);

    /// <summary>The ONNX value of a tensor, writing a constant as an initializer the first time it is read.</summary>
    public string Value(string tensor)
    {
        var key = Canonical(tensor);
        if (_values.TryGetValue(key, out var value)) return value.Name;
        if (!_constants.TryGetValue(key, out var constant)) throw Undefined(tensor);
        var name = Graph.IsDefined(key) ? key : Initializer(key, constant);
        _values[key] = (name, constant.Type);
        return name;
    }

    /// <summary>
    /// The node's i-th data input, NHWC in TF, as NCHW for an ONNX operator: the twin it was made from when the
    /// producer was itself channels-first (so two such operators in a row need no Transposes), else a Transpose.
    /// </summary>
    public string ChannelsFirstInput(TfjsNode node, int i)
    {
        var nhwc = Input(node, i);
        if (_channelsFirst.TryGetValue(nhwc, out var twin)) return twin;
        twin = Graph.AddNode("Transpose", [nhwc], nhwc + "/nchw", OnnxAttribute.Ints("perm", 0, 3, 1, 2));
        _channelsFirst[nhwc] = twin;
        return twin;
    }

    /// <summary>Defines the node's k-th output, NHWC in TF, from the NCHW value an ONNX operator produced.</summary>
    public void DefineFromChannelsFirst(TfjsNode node, int output, string nchw, TfDataType type)
    {
        var nhwc = Graph.AddNode("Transpose", [nchw], NameFor(node, output), OnnxAttribute.Ints("perm", 0, 2, 3, 1));
        _channelsFirst[nhwc] = nchw;
        Define(node, output, nhwc, type);
    }

    /// <summary>The node's i-th data input as an ONNX value.</summary>
    public string Input(TfjsNode node, int i) => Value(InputOf(node, i));

    /// <summary>An initializer for a value the translation itself needs (an int64 shape, a scalar).</summary>
    public string Initializer(string name, TfjsTensor value)
    {
        var dims = value.Shape.Select(d => (long)d).ToArray();
        return value.Type switch
        {
            TfDataType.Float => Graph.AddInitializer(name, value.AsFloats(), dims),
            TfDataType.Int64 => Graph.AddInitializer(name, value.AsIntegers(), dims),
            TfDataType.Int32 => Graph.AddInitializer(name, DataType.Int32,
                System.Runtime.InteropServices.MemoryMarshal.AsBytes(value.AsIntegers().Select(v => checked((int)v)).ToArray().AsSpan()), dims),
            TfDataType.Bool => Graph.AddInitializer(name, DataType.Bool, value.AsIntegers().Select(v => (byte)(v != 0 ? 1 : 0)).ToArray(), dims),
            _ => throw new NotSupportedException(value.Type.ToString()),
        };
    }

    public static DataType OnnxType(TfDataType type) => type switch
    {
        TfDataType.Float => DataType.Float,
        TfDataType.Int32 => DataType.Int32,
        TfDataType.Int64 => DataType.Int64,
        TfDataType.Bool => DataType.Bool,
        _ => throw new NotSupportedException(type.ToString()),
    };

    /// <summary>The element type a node declares (its "T", or the attribute named).</summary>
    public TfDataType DeclaredType(TfjsNode node, string attribute = "T") =>
        node.Attributes.TryGetValue(attribute, out var type)
            ? TfjsReader.ParseType(type.GetProperty("type").GetString()!, ModelName)
            : TypeOf(InputOf(node, 0));

    public Exception Undefined(string tensor) =>
        new InvalidTfjsModelException(ModelName, $"the tensor '{tensor}' is read before any node produces it");

    /// <summary>"node:0" and "node" are the same tensor.</summary>
    private static string Canonical(string tensor) => tensor.EndsWith(":0", StringComparison.Ordinal) ? tensor[..^2] : tensor;
}

/// <summary>Attribute readers for the JSON form of TF's AttrValue.</summary>
internal static class TfjsAttributes
{
    public static long Int(this TfjsNode node, string name, long? fallback = null) =>
        node.Attributes.TryGetValue(name, out var value) && value.TryGetProperty("i", out var i)
            ? long.Parse(i.GetString()!, System.Globalization.CultureInfo.InvariantCulture)
            : fallback ?? throw Missing(node, name);

    public static float Float(this TfjsNode node, string name, float? fallback = null) =>
        node.Attributes.TryGetValue(name, out var value) && value.TryGetProperty("f", out var f) ? f.GetSingle() : fallback ?? throw Missing(node, name);

    public static bool Bool(this TfjsNode node, string name, bool fallback = false) =>
        node.Attributes.TryGetValue(name, out var value) && value.TryGetProperty("b", out var b) ? b.GetBoolean() : fallback;

    public static string String(this TfjsNode node, string name, string? fallback = null) =>
        node.Attributes.TryGetValue(name, out var value) && value.TryGetProperty("s", out var s)
            ? System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(s.GetString()!))
            : fallback ?? throw Missing(node, name);

    public static long[] Ints(this TfjsNode node, string name) =>
        node.Attributes.TryGetValue(name, out var value) && value.TryGetProperty("list", out var list) && list.TryGetProperty("i", out var items)
            ? items.EnumerateArray().Select(i => long.Parse(i.GetString()!, System.Globalization.CultureInfo.InvariantCulture)).ToArray()
            : [];

    public static string[] Strings(this TfjsNode node, string name) =>
        node.Attributes.TryGetValue(name, out var value) && value.TryGetProperty("list", out var list) && list.TryGetProperty("s", out var items)
            ? items.EnumerateArray().Select(s => System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(s.GetString()!))).ToArray()
            : [];

    private static InvalidOperationException Missing(TfjsNode node, string name) =>
        new($"The {node.Op} node '{node.Name}' has no attribute '{name}'.");
}
