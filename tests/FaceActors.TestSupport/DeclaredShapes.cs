namespace FaceActors.TestSupport;

/// <summary>
/// Test and benchmark only: copies of ONNX models with other declared input/output dimensions, to exercise the model
/// variants users bring without shipping more model files. Only the declarations change, so this works for
/// graphs that take their reshapes from tensor shapes. Edits the protobuf wire format directly
/// (ModelProto.graph = 7; GraphProto.input = 11, output = 12, value_info = 13; ValueInfoProto.type = 2;
/// TypeProto.tensor_type = 1; Tensor.shape = 2; TensorShapeProto.dim = 1; Dimension.dim_value = 1, dim_param = 2).
/// </summary>
public static class DeclaredShapes
{
    private sealed record Field(int Number, int WireType, ulong Varint, byte[] Bytes);

    /// <summary>
    /// The shared YOLOX-Nano export fixes H and W at 416, but its graph reshapes from tensor shapes and
    /// upsamples by scale, so with symbolic H and W it runs at any multiple of 32: a stand-in for a dynamic-size export.
    /// </summary>
    public static string WithSymbolicHeightAndWidth(string yoloModelPath) =>
        Rewrite(yoloModelPath, "symbolic-hw", new() { [2] = "height", [3] = "width" }, new() { [1] = "candidates" });

    /// <summary>An embedder whose batch is fixed, like the original TFLite MobileFaceNet (batch 2).</summary>
    public static string WithFixedBatch(string embedderModelPath, long batch) =>
        Rewrite(embedderModelPath, $"batch{batch}", new() { [0] = batch }, new() { [0] = batch });

    /// <param name="input">Dimension index of the first input to a symbol (string) or a fixed size (long).</param>
    /// <param name="output">The same for the first output.</param>
    private static string Rewrite(string modelPath, string tag, Dictionary<int, object> input, Dictionary<int, object> output)
    {
        var path = Path.Combine(Path.GetTempPath(), $"faceactors-{tag}-{Path.GetFileNameWithoutExtension(modelPath)}-{new FileInfo(modelPath).Length}.onnx");
        if (File.Exists(path)) return path;
        var model = Parse(File.ReadAllBytes(modelPath)).Select(f => f.Number != 7 ? f : f with
        {
            Bytes = Encode(Parse(f.Bytes)
                .Where(g => g.Number != 13) // drop inferred intermediate shapes that would pin the size again
                .Select(g => g.Number switch
                {
                    11 => g with { Bytes = Redeclare(g.Bytes, input) },
                    12 => g with { Bytes = Redeclare(g.Bytes, output) },
                    _ => g,
                })),
        });
        var temporary = path + ".tmp";
        File.WriteAllBytes(temporary, Encode(model));
        File.Move(temporary, path, overwrite: true);
        return path;
    }

    /// <summary>Replaces dimensions of a ValueInfoProto's tensor shape.</summary>
    private static byte[] Redeclare(byte[] valueInfo, Dictionary<int, object> dimensions) =>
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
