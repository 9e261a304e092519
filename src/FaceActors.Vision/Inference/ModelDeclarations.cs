namespace FaceActors.Vision.Inference;

/// <summary>
/// Rewrites the declared dimensions of an ONNX model's first input and first output, leaving the graph and the weights
/// alone. Exports often fix sizes their graph does not depend on (a YOLO export's 416x416, an embedder's batch), and
/// ONNX Runtime refuses any other size when it is declared. Edits the protobuf wire format directly, so that the vision
/// library needs no ONNX message classes: ModelProto.graph = 7; GraphProto.input = 11, output = 12, value_info = 13;
/// ValueInfoProto.type = 2; TypeProto.tensor_type = 1; Tensor.shape = 2; TensorShapeProto.dim = 1;
/// Dimension.dim_value = 1, dim_param = 2.
/// </summary>
public static class ModelDeclarations
{
    private sealed record Field(int Number, int WireType, ulong Varint, byte[] Bytes);

    /// <param name="input">Dimension index of the first input to a symbol (string) or a fixed size (long).</param>
    /// <param name="output">The same for the first output.</param>
    public static byte[] Redeclare(byte[] model, IReadOnlyDictionary<int, object> input, IReadOnlyDictionary<int, object> output) =>
        Encode(Parse(model).Select(f => f.Number != 7 ? f : f with
        {
            Bytes = Encode(Parse(f.Bytes)
                .Where(g => g.Number != 13) // inferred intermediate shapes would pin the old sizes again
                .Select(g => g.Number switch
                {
                    11 => g with { Bytes = RedeclareValue(g.Bytes, input) },
                    12 => g with { Bytes = RedeclareValue(g.Bytes, output) },
                    _ => g,
                })),
        }));

    /// <summary>Replaces dimensions of a ValueInfoProto's tensor shape.</summary>
    private static byte[] RedeclareValue(byte[] valueInfo, IReadOnlyDictionary<int, object> dimensions) =>
        Edit(valueInfo, 2, type => Edit(type, 1, tensor => Edit(tensor, 2, shape =>
        {
            var index = 0;
            return Encode(Parse(shape).Select(f => f.Number != 1 ? f : dimensions.GetValueOrDefault(index++) switch
            {
                string symbol => f with { Bytes = Encode([new Field(2, 2, 0, System.Text.Encoding.UTF8.GetBytes(symbol))]) },
                long size => f with { Bytes = Encode([new Field(1, 0, (ulong)size, [])]) },
                _ => f,
            }));
        })));

    private static byte[] Edit(byte[] message, int number, Func<byte[], byte[]> change) =>
        Encode(Parse(message).Select(f => f.Number == number ? f with { Bytes = change(f.Bytes) } : f));

    private static List<Field> Parse(byte[] bytes)
    {
        var fields = new List<Field>();
        var i = 0;
        while (i < bytes.Length)
        {
            var key = ReadVarint(bytes, ref i);
            var (number, wire) = ((int)(key >> 3), (int)(key & 7));
            switch (wire)
            {
                case 0: fields.Add(new Field(number, wire, ReadVarint(bytes, ref i), [])); break;
                case 1 or 5:
                    var size = wire == 1 ? 8 : 4;
                    fields.Add(new Field(number, wire, 0, bytes[i..(i + size)]));
                    i += size;
                    break;
                case 2:
                    var length = (int)ReadVarint(bytes, ref i);
                    fields.Add(new Field(number, wire, 0, bytes[i..(i + length)]));
                    i += length;
                    break;
                default: throw new InvalidDataException($"Unsupported protobuf wire type {wire}.");
            }
        }
        return fields;
    }

    private static byte[] Encode(IEnumerable<Field> fields)
    {
        using var stream = new MemoryStream();
        foreach (var f in fields)
        {
            WriteVarint(stream, ((ulong)f.Number << 3) | (uint)f.WireType);
            if (f.WireType == 0) WriteVarint(stream, f.Varint);
            else
            {
                if (f.WireType == 2) WriteVarint(stream, (ulong)f.Bytes.Length);
                stream.Write(f.Bytes);
            }
        }
        return stream.ToArray();
    }

    private static ulong ReadVarint(byte[] bytes, ref int i)
    {
        ulong value = 0;
        for (var shift = 0; ; shift += 7)
        {
            var b = bytes[i++];
            value |= (ulong)(b & 0x7f) << shift;
            if (b < 0x80) return value;
        }
    }

    private static void WriteVarint(Stream stream, ulong value)
    {
        while (value >= 0x80)
        {
            stream.WriteByte((byte)(value | 0x80));
            value >>= 7;
        }
        stream.WriteByte((byte)value);
    }
}
