using System.Runtime.InteropServices;
using System.Text.Json;

namespace FaceActors.Models.Tfjs;

/// <summary>A model.json or weight shard that is not a TensorFlow.js graph model this reader understands.</summary>
public sealed class InvalidTfjsModelException(string modelName, string detail)
    : Exception($"The files for '{modelName}' are not a readable TensorFlow.js graph model: {detail}.");

/// <summary>
/// Reads a TensorFlow.js graph model: model.json (the GraphDef as JSON, the weights manifest, the signature)
/// and the weight shards it names. Quantised weights are dequantised to float32 here: float16 as stored,
/// uint8 and uint16 by their affine scale and minimum (value = q·scale + min).
/// </summary>
public static class TfjsReader
{
    /// <param name="modelJson">The bytes of model.json.</param>
    /// <param name="readShard">Reads a weight shard by the path the manifest gives (relative to model.json).</param>
    public static TfjsGraphModel Read(ReadOnlySpan<byte> modelJson, Func<string, byte[]> readShard, string modelName)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(modelJson.ToArray());
        }
        catch (JsonException e)
        {
            throw new InvalidTfjsModelException(modelName, $"model.json is not JSON ({e.Message})");
        }
        using (document)
        {
            var root = document.RootElement;
            if (!root.TryGetProperty("format", out var format) || format.GetString() != "graph-model")
                throw new InvalidTfjsModelException(modelName, "model.json does not say \"format\": \"graph-model\" (a layers model needs another converter)");
            if (!root.TryGetProperty("modelTopology", out var topology) || !topology.TryGetProperty("node", out var nodeArray))
                throw new InvalidTfjsModelException(modelName, "model.json has no modelTopology.node");

            var nodes = nodeArray.EnumerateArray().Select(ReadNode).ToList();
            var weights = root.TryGetProperty("weightsManifest", out var manifest)
                ? ReadWeights(manifest, readShard, modelName)
                : new Dictionary<string, TfjsTensor>();
            var inputs = nodes.Where(n => n.Op == "Placeholder").Select(n => ReadInput(n, modelName)).ToList();
            return new TfjsGraphModel(nodes, weights, inputs, ReadOutputs(root, nodes));
        }
    }

    /// <summary>The weight shards a model.json names, in order (paths relative to it).</summary>
    public static IReadOnlyList<string> ShardPaths(ReadOnlySpan<byte> modelJson, string modelName)
    {
        try
        {
            using var document = JsonDocument.Parse(modelJson.ToArray());
            return document.RootElement.TryGetProperty("weightsManifest", out var manifest)
                ? manifest.EnumerateArray().SelectMany(g => g.GetProperty("paths").EnumerateArray().Select(p => p.GetString()!)).ToList()
                : [];
        }
        catch (JsonException e)
        {
            throw new InvalidTfjsModelException(modelName, $"model.json is not JSON ({e.Message})");
        }
    }

    /// <summary>TF's DT_* names of the types the converter handles.</summary>
    public static TfDataType ParseType(string tfName, string modelName) => tfName switch
    {
        "DT_FLOAT" => TfDataType.Float,
        "DT_INT32" => TfDataType.Int32,
        "DT_INT64" => TfDataType.Int64,
        "DT_BOOL" => TfDataType.Bool,
        _ => throw new InvalidTfjsModelException(modelName, $"it uses the tensor type {tfName}, which the converter does not handle"),
    };

    private static TfjsNode ReadNode(JsonElement node)
    {
        var inputs = node.TryGetProperty("input", out var i) ? i.EnumerateArray().Select(e => e.GetString()!).ToList() : [];
        var attributes = node.TryGetProperty("attr", out var a)
            ? a.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.Clone())
            : new Dictionary<string, JsonElement>();
        return new TfjsNode(node.GetProperty("name").GetString()!, node.GetProperty("op").GetString()!, inputs, attributes);
    }

    private static TfjsGraphInput ReadInput(TfjsNode placeholder, string modelName)
    {
        var type = ParseType(placeholder.Attributes["dtype"].GetProperty("type").GetString()!, modelName);
        var shape = placeholder.Attributes.TryGetValue("shape", out var shapeAttribute) ? Dimensions(shapeAttribute.GetProperty("shape")) : null;
        return new TfjsGraphInput(placeholder.Name, type,
            shape ?? throw new InvalidTfjsModelException(modelName, $"the input '{placeholder.Name}' has no shape"));
    }

    /// <summary>A TensorShapeProto's dimensions, -1 where free; null for an unknown rank.</summary>
    private static int[]? Dimensions(JsonElement shape) =>
        shape.TryGetProperty("dim", out var dims)
            ? dims.EnumerateArray()
                .Select(d => d.TryGetProperty("size", out var size) ? int.Parse(size.GetString()!, System.Globalization.CultureInfo.InvariantCulture) : -1)
                .ToArray()
            : null;

    /// <summary>The signature's outputs when it has them, else every node whose output nothing reads.</summary>
    private static List<TfjsGraphOutput> ReadOutputs(JsonElement root, IReadOnlyList<TfjsNode> nodes)
    {
        if (root.TryGetProperty("signature", out var signature) && signature.TryGetProperty("outputs", out var outputs))
            // The signature's key names the output (BlazePose's "person"); its "name" is the tensor that holds it.
            return outputs.EnumerateObject().Select(output =>
            {
                var shape = output.Value.TryGetProperty("tensorShape", out var tensorShape) ? Dimensions(tensorShape) : null;
                var key = output.Name.EndsWith(":0", StringComparison.Ordinal) ? output.Name[..^2] : output.Name.Replace(':', '_');
                return new TfjsGraphOutput(key, output.Value.GetProperty("name").GetString()!, shape);
            }).ToList();
        var consumed = nodes.SelectMany(n => n.DataInputs).Select(i => i.Split(':')[0]).ToHashSet();
        return nodes.Where(n => n.Op is not ("Const" or "Placeholder" or "NoOp") && !consumed.Contains(n.Name))
            .Select(n => new TfjsGraphOutput(n.Name, n.Name, Shape: null)).ToList();
    }

    private static Dictionary<string, TfjsTensor> ReadWeights(JsonElement manifest, Func<string, byte[]> readShard, string modelName)
    {
        var weights = new Dictionary<string, TfjsTensor>();
        foreach (var group in manifest.EnumerateArray())
        {
            // A group's shards are one buffer cut into files; its weights follow each other in it.
            var buffer = group.GetProperty("paths").EnumerateArray().SelectMany(p => ReadShard(readShard, p.GetString()!, modelName)).ToArray();
            var offset = 0;
            foreach (var weight in group.GetProperty("weights").EnumerateArray())
            {
                var name = weight.GetProperty("name").GetString()!;
                var shape = weight.GetProperty("shape").EnumerateArray().Select(d => d.GetInt32()).ToArray();
                var dtype = weight.GetProperty("dtype").GetString()!;
                var count = shape.Aggregate(1, (a, b) => a * b);
                var quantization = weight.TryGetProperty("quantization", out var q) ? q : (JsonElement?)null;
                var storedType = quantization?.GetProperty("dtype").GetString() ?? dtype;
                var size = count * ElementSize(storedType, name, modelName);
                if (offset + size > buffer.Length)
                    throw new InvalidTfjsModelException(modelName, $"the weight '{name}' ends at byte {offset + size}, past the {buffer.Length} bytes of its shards");
                weights[name] = Decode(buffer.AsSpan(offset, size), dtype, storedType, quantization, shape, name, modelName);
                offset += size;
            }
        }
        return weights;
    }

    private static byte[] ReadShard(Func<string, byte[]> readShard, string path, string modelName)
    {
        try
        {
            return readShard(path);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException or KeyNotFoundException)
        {
            throw new InvalidTfjsModelException(modelName, $"its weight shard '{path}' is missing");
        }
    }

    private static int ElementSize(string storedType, string weight, string modelName) => storedType switch
    {
        "float32" or "int32" => 4,
        "float16" or "uint16" => 2,
        "uint8" or "bool" => 1,
        _ => throw new InvalidTfjsModelException(modelName, $"the weight '{weight}' is stored as {storedType}, which the reader does not decode"),
    };

    private static TfjsTensor Decode(ReadOnlySpan<byte> bytes, string dtype, string storedType, JsonElement? quantization, int[] shape, string name, string modelName)
    {
        var values = storedType switch
        {
            "float32" => MemoryMarshal.Cast<byte, float>(bytes).ToArray(),
            "float16" => Array.ConvertAll(MemoryMarshal.Cast<byte, Half>(bytes).ToArray(), h => (float)h),
            "uint8" or "uint16" => Affine(bytes, storedType == "uint8", quantization!.Value),
            "int32" => null,
            "bool" => null,
            _ => throw new InvalidTfjsModelException(modelName, $"the weight '{name}' is stored as {storedType}"),
        };
        return dtype switch
        {
            "float32" => TfjsTensor.Float(shape, values ?? throw new InvalidTfjsModelException(modelName, $"the float weight '{name}' is stored as {storedType}")),
            "int32" => TfjsTensor.Integer(TfDataType.Int32, shape,
                values?.Select(v => (long)MathF.Round(v)).ToArray() ?? MemoryMarshal.Cast<byte, int>(bytes).ToArray().Select(v => (long)v).ToArray()),
            "bool" => TfjsTensor.Integer(TfDataType.Bool, shape, bytes.ToArray().Select(b => b == 0 ? 0L : 1L).ToArray()),
            _ => throw new InvalidTfjsModelException(modelName, $"the weight '{name}' has the type {dtype}, which the converter does not handle"),
        };
    }

    private static float[] Affine(ReadOnlySpan<byte> bytes, bool eightBit, JsonElement quantization)
    {
        var scale = quantization.GetProperty("scale").GetSingle();
        var min = quantization.GetProperty("min").GetSingle();
        if (eightBit) return bytes.ToArray().Select(q => q * scale + min).ToArray();
        return MemoryMarshal.Cast<byte, ushort>(bytes).ToArray().Select(q => q * scale + min).ToArray();
    }
}
