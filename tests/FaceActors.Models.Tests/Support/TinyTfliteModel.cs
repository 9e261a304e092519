using Google.FlatBuffers;
using FaceActors.Models.Tflite;

namespace FaceActors.Models.Tests.Support;

/// <summary>
/// Writes a minimal TFLite flatbuffer: one float input [1,4], one operator, one output. Field ids follow
/// TFLite's schema, as in the reader.
/// </summary>
public static class TinyTfliteModel
{
    public static byte[] WithSingleOperator(TfliteBuiltinOperator code)
    {
        var builder = new FlatBufferBuilder(256);

        // Buffer: data 0. Buffer 0 is the empty buffer that activations point at.
        builder.StartTable(1);
        var emptyBuffer = builder.EndTable();
        var buffers = builder.CreateVectorOfTables([new Offset<Table>(emptyBuffer)]);

        var tensors = CreateVectorOfTables(builder, Tensor(builder, "x"), Tensor(builder, "y"));

        // Operator: opcode_index 0, inputs 1, outputs 2.
        var opInputs = IntVector(builder, 0);
        var opOutputs = IntVector(builder, 1);
        builder.StartTable(3);
        builder.AddUint(0, 0, 0);
        builder.AddOffset(1, opInputs.Value, 0);
        builder.AddOffset(2, opOutputs.Value, 0);
        var operators = CreateVectorOfTables(builder, builder.EndTable());

        // SubGraph: tensors 0, inputs 1, outputs 2, operators 3.
        var graphInputs = IntVector(builder, 0);
        var graphOutputs = IntVector(builder, 1);
        builder.StartTable(4);
        builder.AddOffset(0, tensors.Value, 0);
        builder.AddOffset(1, graphInputs.Value, 0);
        builder.AddOffset(2, graphOutputs.Value, 0);
        builder.AddOffset(3, operators.Value, 0);
        var subgraphs = CreateVectorOfTables(builder, builder.EndTable());

        // OperatorCode: deprecated_builtin_code 0, builtin_code 3.
        builder.StartTable(4);
        builder.AddSbyte(0, (sbyte)Math.Min((int)code, 127), 0);
        builder.AddInt(3, (int)code, 0);
        var operatorCodes = CreateVectorOfTables(builder, builder.EndTable());

        // Model: version 0, operator_codes 1, subgraphs 2, buffers 4.
        builder.StartTable(5);
        builder.AddUint(0, 3, 0);
        builder.AddOffset(1, operatorCodes.Value, 0);
        builder.AddOffset(2, subgraphs.Value, 0);
        builder.AddOffset(4, buffers.Value, 0);
        var model = builder.EndTable();
        builder.Finish(model, "TFL3");
        return builder.SizedByteArray();
    }

    // Tensor: shape 0, type 1 (FLOAT32 is the default 0), buffer 2, name 3.
    private static int Tensor(FlatBufferBuilder builder, string name)
    {
        var nameOffset = builder.CreateString(name);
        var shape = IntVector(builder, 1, 4);
        builder.StartTable(4);
        builder.AddOffset(0, shape.Value, 0);
        builder.AddUint(2, 0, 0);
        builder.AddOffset(3, nameOffset.Value, 0);
        return builder.EndTable();
    }

    private static VectorOffset IntVector(FlatBufferBuilder builder, params int[] values)
    {
        builder.StartVector(sizeof(int), values.Length, sizeof(int));
        for (var i = values.Length - 1; i >= 0; i--) builder.AddInt(values[i]);
        return builder.EndVector();
    }

    private static VectorOffset CreateVectorOfTables(FlatBufferBuilder builder, params int[] tables) =>
        builder.CreateVectorOfTables(tables.Select(t => new Offset<Table>(t)).ToArray());
}
