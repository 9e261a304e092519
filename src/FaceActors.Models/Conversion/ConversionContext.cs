using System.Runtime.InteropServices;
using FaceActors.Models.Onnx;
using FaceActors.Models.Tflite;
using DataType = Onnx.TensorProto.Types.DataType;

namespace FaceActors.Models.Conversion;

/// <summary>
/// The state of one conversion: which TFLite tensors already exist in the ONNX graph and in which layout,
/// and the constants. A TFLite tensor's own name always denotes its TFLite (NHWC) form; its channels-first
/// form is named with <see cref="ChannelsFirstSuffix"/>. Asking for a tensor in the other layout adds one
/// Transpose the first time and reuses it after.
/// </summary>
internal sealed class ConversionContext(TfliteModel model, string modelName, OnnxGraphBuilder graph, bool dynamicSpatialSize)
{
    private const string ChannelsFirstSuffix = "_nchw";

    private readonly Dictionary<int, TensorLayout> _producedLayout = [];
    private readonly Dictionary<int, float[]> _foldedConstants = [];

    public string ModelName { get; } = modelName;
    public OnnxGraphBuilder Graph { get; } = graph;

    /// <summary>True for fully convolutional models (P-Net), whose height and width stay free in ONNX.</summary>
    public bool DynamicSpatialSize { get; } = dynamicSpatialSize;

    public TfliteTensor Tensor(int index) => model.Tensors[index];

    public bool IsConstant(int index) => Tensor(index).IsConstant || _foldedConstants.ContainsKey(index);

    /// <summary>The layout the tensor was produced in.</summary>
    public TensorLayout LayoutOf(int index) =>
        _producedLayout.TryGetValue(index, out var layout)
            ? layout
            : throw new InvalidTfliteModelException(ModelName, $"tensor '{Tensor(index).Name}' is used before any operator produces it");

    /// <summary>Registers an operator's output and returns the ONNX name to write it to.</summary>
    public string Define(int index, TensorLayout layout)
    {
        if (layout == TensorLayout.ChannelsFirst && Tensor(index).Rank != 4)
            throw new InvalidOperationException($"Only 4-D tensors are kept channels-first; '{Tensor(index).Name}' has rank {Tensor(index).Rank}.");
        _producedLayout.Add(index, layout);
        return NameOf(index, layout);
    }

    /// <summary>The ONNX name of an activation in the requested layout, adding the Transpose on first use.</summary>
    public string Activation(int index, TensorLayout layout)
    {
        var produced = LayoutOf(index);
        var name = NameOf(index, layout);
        if (produced == layout || Graph.IsDefined(name)) return name;
        var perm = layout == TensorLayout.ChannelsFirst ? ChannelsFirst.FromNhwc : ChannelsFirst.ToNhwc;
        return Graph.AddNode("Transpose", [NameOf(index, produced)], name, OnnxAttribute.Ints("perm", perm));
    }

    /// <summary>
    /// A constant as an initializer that broadcasts against a partner in <paramref name="layout"/>: for a
    /// channels-first partner the constant's shape is padded to rank 4 in NHWC and permuted, so a per-channel
    /// [C] becomes [C,1,1].
    /// </summary>
    public string BroadcastConstant(int index, TensorLayout layout)
    {
        var tensor = Tensor(index);
        if (layout == TensorLayout.Tflite || tensor.Rank > 4)
            return Constant(index, tensor.Name, tensor.Shape, perm: null);
        var nhwc = Enumerable.Repeat(1, 4 - tensor.Rank).Concat(tensor.Shape).ToArray();
        return Constant(index, tensor.Name + ChannelsFirstSuffix, nhwc, ChannelsFirst.FromNhwc);
    }

    /// <summary>
    /// A float constant as an initializer, its elements reordered by <paramref name="perm"/> over
    /// <paramref name="shape"/> when given. The initializer takes the permuted shape unless <paramref name="dims"/> says otherwise.
    /// </summary>
    public string FloatInitializer(int index, string name, int[] shape, long[]? perm, long[]? dims = null)
    {
        if (Graph.IsDefined(name)) return name;
        var values = FloatConstant(index);
        var data = perm is null ? values : ChannelsFirst.Permute<float>(values, shape, perm);
        dims ??= (perm is null ? shape : perm.Select(p => shape[p])).Select(d => (long)d).ToArray();
        return Graph.AddInitializer(name, data, dims);
    }

    /// <summary>A constant's values as float32, whether stored as float32, as float16, or folded at conversion time.</summary>
    public float[] FloatConstant(int index)
    {
        if (_foldedConstants.TryGetValue(index, out var folded)) return folded;
        var tensor = Tensor(index);
        return tensor.Type is TfliteTensorType.Float32 or TfliteTensorType.Float16
            ? tensor.FloatValues()
            : throw new InvalidTfliteModelException(ModelName, $"constant '{tensor.Name}' is {tensor.Type} where a float tensor was expected");
    }

    public int[] IntConstant(int index)
    {
        var tensor = Tensor(index);
        return tensor.Type switch
        {
            TfliteTensorType.Int32 => MemoryMarshal.Cast<byte, int>(tensor.Data).ToArray(),
            TfliteTensorType.Int64 => MemoryMarshal.Cast<byte, long>(tensor.Data).ToArray().Select(v => checked((int)v)).ToArray(),
            _ => throw new InvalidTfliteModelException(ModelName, $"constant '{tensor.Name}' is {tensor.Type} where an integer tensor was expected"),
        };
    }

    /// <summary>Records a constant computed at conversion time (a folded DEQUANTIZE) as the value of a tensor.</summary>
    public void FoldConstant(int index, float[] values) => _foldedConstants.Add(index, values);

    public static DataType OnnxType(TfliteTensorType type) => type switch
    {
        TfliteTensorType.Float32 => DataType.Float,
        TfliteTensorType.Float16 => DataType.Float16,
        TfliteTensorType.Int32 => DataType.Int32,
        TfliteTensorType.Int64 => DataType.Int64,
        TfliteTensorType.UInt8 => DataType.Uint8,
        TfliteTensorType.Int8 => DataType.Int8,
        TfliteTensorType.Int16 => DataType.Int16,
        TfliteTensorType.Bool => DataType.Bool,
        TfliteTensorType.Float64 => DataType.Double,
        _ => throw new NotSupportedException($"The TFLite tensor type {type} has no ONNX counterpart in the converter."),
    };

    private string Constant(int index, string name, int[] shape, long[]? perm)
    {
        var tensor = Tensor(index);
        if (tensor.Type is TfliteTensorType.Float32 or TfliteTensorType.Float16 || _foldedConstants.ContainsKey(index))
            return FloatInitializer(index, name, shape, perm);
        // Integer and boolean constants in these models are single values, which broadcast alike in either layout.
        if (shape.Aggregate(1, (a, b) => a * b) != 1)
            throw new NotSupportedException($"The {tensor.Type} constant '{tensor.Name}' has several elements; only float constants are broadcast.");
        return Graph.IsDefined(tensor.Name) ? tensor.Name : Graph.AddInitializer(tensor.Name, OnnxType(tensor.Type), tensor.Data, []);
    }

    private string NameOf(int index, TensorLayout layout) =>
        layout == TensorLayout.ChannelsFirst ? Tensor(index).Name + ChannelsFirstSuffix : Tensor(index).Name;
}
