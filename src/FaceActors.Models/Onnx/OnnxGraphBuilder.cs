using System.Runtime.InteropServices;
using Google.Protobuf;
using Onnx;
using DataType = Onnx.TensorProto.Types.DataType;

namespace FaceActors.Models.Onnx;

/// <summary>
/// Builds an ONNX model (opset 13, IR version 7) one graph input, initializer, node and output at a time.
/// Names must be unique across inputs, initializers and node outputs; the builder refuses a duplicate
/// rather than producing a graph ONNX Runtime would reject later.
/// </summary>
public sealed class OnnxGraphBuilder(string graphName)
{
    public const int OpsetVersion = 13;
    public const long IrVersion = 7;

    private readonly GraphProto _graph = new() { Name = graphName };
    private readonly HashSet<string> _names = [];

    public bool IsDefined(string name) => _names.Contains(name);

    public string AddInput(string name, DataType type, params OnnxDimension[] shape)
    {
        Claim(name);
        _graph.Input.Add(ValueInfo(name, type, shape));
        return name;
    }

    /// <summary>Declares an existing value (a graph input or a node's output) as a graph output.</summary>
    public void AddOutput(string name, DataType type, params OnnxDimension[] shape)
    {
        if (!IsDefined(name)) throw new InvalidOperationException($"The graph output '{name}' is not produced by any node or input.");
        _graph.Output.Add(ValueInfo(name, type, shape));
    }

    /// <summary>Declares a graph output whose rank the converter does not know; ONNX Runtime reports the shape at run time.</summary>
    public void AddOutputOfUnknownShape(string name, DataType type)
    {
        if (!IsDefined(name)) throw new InvalidOperationException($"The graph output '{name}' is not produced by any node or input.");
        _graph.Output.Add(new ValueInfoProto { Name = name, Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)type } } });
    }

    public string AddInitializer(string name, ReadOnlySpan<float> values, params long[] dims) =>
        AddInitializer(name, DataType.Float, MemoryMarshal.AsBytes(values), dims);

    public string AddInitializer(string name, ReadOnlySpan<long> values, params long[] dims) =>
        AddInitializer(name, DataType.Int64, MemoryMarshal.AsBytes(values), dims);

    /// <summary>An initializer from raw little-endian bytes (ONNX's raw_data), for any element type.</summary>
    public string AddInitializer(string name, DataType type, ReadOnlySpan<byte> rawData, params long[] dims)
    {
        Claim(name);
        var tensor = new TensorProto { Name = name, DataType = (int)type, RawData = ByteString.CopyFrom(rawData) };
        tensor.Dims.AddRange(dims);
        _graph.Initializer.Add(tensor);
        return name;
    }

    /// <summary>Adds a node with one output and returns the output's name.</summary>
    public string AddNode(string opType, IReadOnlyList<string> inputs, string output, params AttributeProto[] attributes) =>
        AddNode(opType, inputs, [output], attributes)[0];

    public IReadOnlyList<string> AddNode(string opType, IReadOnlyList<string> inputs, IReadOnlyList<string> outputs, params AttributeProto[] attributes)
    {
        foreach (var output in outputs) Claim(output);
        var node = new NodeProto { OpType = opType, Name = $"{opType}_{_graph.Node.Count}" };
        node.Input.AddRange(inputs);
        node.Output.AddRange(outputs);
        node.Attribute.AddRange(attributes);
        _graph.Node.Add(node);
        return outputs;
    }

    public ModelProto ToModel(string producerName = "FaceActors")
    {
        var model = new ModelProto { IrVersion = IrVersion, ProducerName = producerName, Graph = _graph.Clone() };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = OpsetVersion });
        return model;
    }

    public byte[] ToBytes(string producerName = "FaceActors") => ToModel(producerName).ToByteArray();

    private void Claim(string name)
    {
        if (string.IsNullOrEmpty(name)) throw new ArgumentException("ONNX value names must not be empty.", nameof(name));
        if (!_names.Add(name)) throw new InvalidOperationException($"The ONNX value name '{name}' is already used in graph '{_graph.Name}'.");
    }

    private static ValueInfoProto ValueInfo(string name, DataType type, OnnxDimension[] shape)
    {
        var tensorShape = new TensorShapeProto();
        foreach (var dim in shape)
        {
            var dimension = new TensorShapeProto.Types.Dimension();
            if (dim.Size is { } size) dimension.DimValue = size;
            else if (dim.Name is { } param) dimension.DimParam = param;
            tensorShape.Dim.Add(dimension);
        }
        return new ValueInfoProto
        {
            Name = name,
            Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)type, Shape = tensorShape } },
        };
    }
}
