using System.Runtime.InteropServices;

namespace FaceActors.Models.Tflite;

/// <summary>TFLite's TensorType enum (schema values); only the types the converter reads are listed.</summary>
public enum TfliteTensorType : sbyte
{
    Float32 = 0,
    Float16 = 1,
    Int32 = 2,
    UInt8 = 3,
    Int64 = 4,
    String = 5,
    Bool = 6,
    Int16 = 7,
    Complex64 = 8,
    Int8 = 9,
    Float64 = 10,
}

/// <summary>TFLite's fused activation applied after an operator (ActivationFunctionType).</summary>
public enum TfliteActivation : sbyte
{
    None = 0,
    Relu = 1,
    ReluN1To1 = 2,
    Relu6 = 3,
    Tanh = 4,
    SignBit = 5,
}

/// <summary>TFLite's Padding enum.</summary>
public enum TflitePadding : sbyte
{
    Same = 0,
    Valid = 1,
}

/// <param name="Shape">The shape stored in the file (every dimension fixed).</param>
/// <param name="ShapeSignature">The same shape with -1 for dynamic dimensions; equal to Shape when the file has none.</param>
/// <param name="Data">The constant's raw little-endian bytes, or empty for an activation.</param>
public sealed record TfliteTensor(int Index, string Name, TfliteTensorType Type, int[] Shape, int[] ShapeSignature, byte[] Data)
{
    public bool IsConstant => Data.Length > 0;
    public int Rank => Shape.Length;

    /// <summary>A float32 or float16 constant's values as float32.</summary>
    public float[] FloatValues() => Type switch
    {
        TfliteTensorType.Float32 => MemoryMarshal.Cast<byte, float>(Data).ToArray(),
        TfliteTensorType.Float16 => Array.ConvertAll(MemoryMarshal.Cast<byte, Half>(Data).ToArray(), h => (float)h),
        _ => throw new InvalidOperationException($"Tensor '{Name}' is {Type}, not a float tensor."),
    };
}

/// <param name="Inputs">Tensor indices; -1 marks an optional input that is absent.</param>
/// <param name="Options">The builtin options table, read with the matching options record.</param>
public sealed record TfliteOperator(TfliteBuiltinOperator Code, int[] Inputs, int[] Outputs, TfliteOptions Options);

/// <summary>A model's first subgraph, which is all these models have.</summary>
public sealed record TfliteModel(IReadOnlyList<TfliteTensor> Tensors, IReadOnlyList<TfliteOperator> Operators, int[] Inputs, int[] Outputs);
