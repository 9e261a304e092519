using System.Runtime.InteropServices;
using System.Text.Json.Nodes;
using FaceActors.Models.Tests.Support;
using FaceActors.Models.Tfjs;

namespace FaceActors.Models.Tests.Tfjs;

public sealed class TfjsReaderTests
{
    [Fact]
    public void Float16_weights_are_widened_exactly()
    {
        Half[] stored = [(Half)0.5f, (Half)(-1.25f), (Half)65504f];
        var model = new TinyTfjsModel(3)
            .Weight("w", "float32", [3], MemoryMarshal.AsBytes(stored.AsSpan()).ToArray(), new JsonObject { ["dtype"] = "float16" })
            .Op("y", "Mul", "x", "w").Read();

        Assert.Equal([0.5f, -1.25f, 65504f], model.Weights["w"].AsFloats());
    }

    [Theory]
    [InlineData("uint8")]
    [InlineData("uint16")]
    public void Affine_quantised_weights_are_q_times_scale_plus_min(string storedType)
    {
        byte[] stored = storedType == "uint8" ? [0, 2, 255] : MemoryMarshal.AsBytes(new ushort[] { 0, 2, 65535 }.AsSpan()).ToArray();
        var model = new TinyTfjsModel(3)
            .Weight("w", "float32", [3], stored, new JsonObject { ["dtype"] = storedType, ["scale"] = 0.5, ["min"] = -1.0 })
            .Op("y", "Add", "x", "w").Read();

        var top = storedType == "uint8" ? 255 * 0.5f - 1 : 65535 * 0.5f - 1;
        Assert.Equal([-1f, 0f, top], model.Weights["w"].AsFloats());
    }

    [Fact]
    public void Weights_follow_each_other_in_the_shard()
    {
        var model = new TinyTfjsModel(2)
            .Weight("a", "float32", [2], MemoryMarshal.AsBytes(new[] { 1f, 2f }.AsSpan()).ToArray())
            .Weight("b", "int32", [1], MemoryMarshal.AsBytes(new[] { 7 }.AsSpan()).ToArray())
            .Op("y", "Add", "x", "a").Read();

        Assert.Equal([1f, 2f], model.Weights["a"].AsFloats());
        Assert.Equal([7L], model.Weights["b"].AsIntegers());
    }

    [Fact]
    public void A_shard_too_short_for_its_weights_is_refused_naming_the_weight()
    {
        var model = new TinyTfjsModel(4).Weight("w", "float32", [4], new byte[8]).Op("y", "Add", "x", "w");

        var error = Assert.Throws<InvalidTfjsModelException>(model.Read);
        Assert.Contains("'w'", error.Message);
    }

    [Fact]
    public void A_layers_model_is_refused()
    {
        var json = """{"format":"layers-model","modelTopology":{}}"""u8.ToArray();

        var error = Assert.Throws<InvalidTfjsModelException>(() => TfjsReader.Read(json, _ => [], "layers"));
        Assert.Contains("graph-model", error.Message);
    }
}
