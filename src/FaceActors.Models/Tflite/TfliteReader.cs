using Google.FlatBuffers;

namespace FaceActors.Models.Tflite;

/// <summary>A file that is not a TFLite model this reader understands.</summary>
public sealed class InvalidTfliteModelException(string modelName, string detail)
    : Exception($"The file for '{modelName}' is not a readable TFLite model: {detail}.");

/// <summary>
/// Reads a .tflite flatbuffer into <see cref="TfliteModel"/>. Each table is read by the field ids of
/// TFLite's schema.fbs, named in the comments, so the reader needs no generated code.
/// </summary>
public static class TfliteReader
{
    // The file identifier a TFLite flatbuffer carries at bytes 4..8.
    private static ReadOnlySpan<byte> FileIdentifier => "TFL3"u8;

    public static TfliteModel Read(ReadOnlySpan<byte> bytes, string modelName)
    {
        if (bytes.Length < 8 || !bytes.Slice(4, 4).SequenceEqual(FileIdentifier))
            throw new InvalidTfliteModelException(modelName, "it does not carry TFLite's file identifier TFL3");
        try
        {
            return ReadModel(FlatTable.Root(new ByteBuffer(bytes.ToArray())), modelName);
        }
        catch (Exception e) when (e is ArgumentOutOfRangeException or IndexOutOfRangeException)
        {
            throw new InvalidTfliteModelException(modelName, "it is truncated or corrupt");
        }
    }

    private static TfliteModel ReadModel(FlatTable model, string modelName)
    {
        // Model: version 0, operator_codes 1, subgraphs 2, description 3, buffers 4.
        var operatorCodes = model.GetTableVector(1).Select(ReadOperatorCode).ToArray();
        var buffers = model.GetTableVector(4).Select(b => b.GetByteVector(0)).ToArray(); // Buffer: data 0
        var subgraphs = model.GetTableVector(2);
        if (subgraphs.Length != 1)
            throw new InvalidTfliteModelException(modelName, $"it has {subgraphs.Length} subgraphs; the converter reads single-subgraph models");

        // SubGraph: tensors 0, inputs 1, outputs 2, operators 3, name 4.
        var subgraph = subgraphs[0];
        var tensors = subgraph.GetTableVector(0).Select((t, i) => ReadTensor(t, i, buffers)).ToArray();
        var operators = subgraph.GetTableVector(3).Select(o => ReadOperator(o, operatorCodes, modelName)).ToArray();
        return new TfliteModel(tensors, operators, subgraph.GetIntVector(1), subgraph.GetIntVector(2));
    }

    // OperatorCode: deprecated_builtin_code 0 (byte), custom_code 1, version 2, builtin_code 3 (int).
    // Old files set only the byte field; newer ones set both, and codes above 127 live only in builtin_code.
    private static TfliteBuiltinOperator ReadOperatorCode(FlatTable code) =>
        (TfliteBuiltinOperator)Math.Max((int)code.GetSbyte(0), code.GetInt(3));

    // Tensor: shape 0, type 1, buffer 2, name 3, quantization 4, is_variable 5, sparsity 6, shape_signature 7.
    private static TfliteTensor ReadTensor(FlatTable tensor, int index, byte[][] buffers)
    {
        var shape = tensor.GetIntVector(0);
        var signature = tensor.Has(7) ? tensor.GetIntVector(7) : shape;
        var buffer = (int)tensor.GetUint(2);
        var data = buffer < buffers.Length ? buffers[buffer] : [];
        return new TfliteTensor(index, tensor.GetString(3) ?? $"tensor_{index}", (TfliteTensorType)tensor.GetSbyte(1), shape, signature, data);
    }

    // Operator: opcode_index 0, inputs 1, outputs 2, builtin_options_type 3, builtin_options 4.
    private static TfliteOperator ReadOperator(FlatTable op, TfliteBuiltinOperator[] codes, string modelName)
    {
        var codeIndex = (int)op.GetUint(0);
        if (codeIndex >= codes.Length)
            throw new InvalidTfliteModelException(modelName, $"an operator refers to operator code {codeIndex} of {codes.Length}");
        return new TfliteOperator(codes[codeIndex], op.GetIntVector(1), op.GetIntVector(2), new TfliteOptions(op.GetTable(4)));
    }
}
