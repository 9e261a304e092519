using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using FaceActors.Models.Tfjs;

namespace FaceActors.Models.Tests.Support;

/// <summary>
/// Hand-built TensorFlow.js graph models: a [1, n] float input "x", weights given as (name, dtype, shape, stored
/// bytes, quantization), and nodes over them; the output is the last node.
/// </summary>
public sealed class TinyTfjsModel(int inputLength)
{
    private readonly JsonArray _nodes = [Node("x", "Placeholder", [], ("dtype", Type("DT_FLOAT")), ("shape", new JsonObject
    {
        ["shape"] = new JsonObject { ["dim"] = new JsonArray(new JsonObject { ["size"] = "1" }, new JsonObject { ["size"] = inputLength.ToString() }) },
    }))];
    private readonly JsonArray _weights = [];
    private readonly MemoryStream _shard = new();

    /// <param name="quantization">null, or e.g. { "dtype": "uint8", "scale": 0.5, "min": -1 }.</param>
    public TinyTfjsModel Weight(string name, string dtype, int[] shape, byte[] stored, JsonObject? quantization = null)
    {
        var tfType = dtype == "float32" ? "DT_FLOAT" : "DT_INT32";
        _nodes.Add(Node(name, "Const", [], ("dtype", Type(tfType))));
        var weight = new JsonObject { ["name"] = name, ["shape"] = new JsonArray(shape.Select(d => (JsonNode)d).ToArray()), ["dtype"] = dtype };
        if (quantization is not null) weight["quantization"] = quantization;
        _weights.Add(weight);
        _shard.Write(stored);
        return this;
    }

    public TinyTfjsModel Op(string name, string op, params string[] inputs)
    {
        _nodes.Add(Node(name, op, inputs, ("T", Type("DT_FLOAT"))));
        return this;
    }

    public TfjsGraphModel Read() => TfjsReader.Read(Json(), _ => _shard.ToArray(), "tiny");

    public byte[] Json() => Encoding.UTF8.GetBytes(new JsonObject
    {
        ["format"] = "graph-model",
        ["modelTopology"] = new JsonObject { ["node"] = _nodes.DeepClone() },
        ["weightsManifest"] = new JsonArray(new JsonObject { ["paths"] = new JsonArray("weights.bin"), ["weights"] = _weights.DeepClone() }),
    }.ToJsonString());

    private static JsonObject Type(string tfType) => new() { ["type"] = tfType };

    private static JsonObject Node(string name, string op, string[] inputs, params (string Key, JsonObject Value)[] attributes)
    {
        var attr = new JsonObject();
        foreach (var (key, value) in attributes) attr[key] = value;
        return new JsonObject { ["name"] = name, ["op"] = op, ["input"] = new JsonArray(inputs.Select(i => (JsonNode)i).ToArray()), ["attr"] = attr };
    }
}
