namespace FaceActors.Models.Conversion;

/// <summary>A TFLite operator the converter does not translate; the message names it.</summary>
public sealed class UnsupportedTfliteOperatorException(string operatorName, string modelName)
    : Exception($"The TFLite model '{modelName}' uses the operator {operatorName}, which the FaceActors converter does not support. " +
                "Supported models are listed in models/README.md; use an ONNX export of this model instead.")
{
    public string OperatorName { get; } = operatorName;
}

/// <summary>Converts a TFLite flatbuffer into an ONNX model.</summary>
public static class TfliteToOnnxConverter
{
    /// <param name="tflite">The bytes of a .tflite file.</param>
    /// <param name="modelName">Used as the ONNX graph name and in error messages.</param>
    /// <returns>The serialised ONNX ModelProto.</returns>
    public static byte[] Convert(ReadOnlySpan<byte> tflite, string modelName) =>
        throw new NotImplementedException("The converter lands on the converter branch.");
}
