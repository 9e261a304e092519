using FaceActors.Models.Tests.Support;
using FaceActors.Models.Tflite;

namespace FaceActors.Models.Tests.Tflite;

[Collection(ExpoFaceDetectionCollection.Name)]
public sealed class TfliteReaderTests(ExpoFaceDetectionPackage package)
{
    private TfliteModel Pnet => TfliteReader.Read(package.Tflite("pnet"), "pnet");

    [Fact]
    public void Pnet_has_one_nhwc_input_and_the_probability_and_box_outputs()
    {
        var model = Pnet;
        var input = model.Tensors[Assert.Single(model.Inputs)];
        Assert.Equal("pnet/input", input.Name);
        Assert.Equal(TfliteTensorType.Float32, input.Type);
        Assert.Equal(4, input.Rank);
        Assert.Equal([1, 3], new[] { input.Shape[0], input.Shape[3] });

        var outputs = model.Outputs.Select(i => model.Tensors[i]).ToArray();
        Assert.Equal(["pnet/prob1", "pnet/conv4-2/BiasAdd"], outputs.Select(t => t.Name));
        Assert.Equal([2, 4], outputs.Select(t => t.Shape[3]));
        Assert.All(outputs, t => Assert.Equal(1, t.Shape[0]));
    }

    [Fact]
    public void Pnet_uses_the_operators_listed_in_the_model_notes()
    {
        var codes = Pnet.Operators.Select(op => op.Code).ToHashSet();
        TfliteBuiltinOperator[] listed =
        [
            TfliteBuiltinOperator.CONV_2D, TfliteBuiltinOperator.RELU, TfliteBuiltinOperator.NEG, TfliteBuiltinOperator.MUL,
            TfliteBuiltinOperator.ADD, TfliteBuiltinOperator.MAX_POOL_2D, TfliteBuiltinOperator.REDUCE_MAX, TfliteBuiltinOperator.SUB,
            TfliteBuiltinOperator.EXP, TfliteBuiltinOperator.SUM, TfliteBuiltinOperator.DIV,
        ];
        Assert.Equal(listed.Order(), codes.Order());
    }

    [Fact]
    public void Pnet_first_convolution_reads_its_ohwi_weights_and_options()
    {
        var model = Pnet;
        var conv = model.Operators[0];
        Assert.Equal(TfliteBuiltinOperator.CONV_2D, conv.Code);
        var weights = model.Tensors[conv.Inputs[1]];
        Assert.Equal([10, 3, 3, 3], weights.Shape);
        Assert.True(weights.IsConstant);
        Assert.Equal(270, weights.FloatValues().Length);
        Assert.Contains(weights.FloatValues(), v => v != 0);
        Assert.Equal(new Conv2DOptions(TflitePadding.Valid, 1, 1, TfliteActivation.None, 1, 1), Conv2DOptions.Read(conv.Options));
    }

    [Fact]
    public void Pnet_pool_is_two_by_two_same_and_its_softmax_reductions_keep_dimensions()
    {
        var model = Pnet;
        var pool = model.Operators.First(op => op.Code == TfliteBuiltinOperator.MAX_POOL_2D);
        Assert.Equal(new Pool2DOptions(TflitePadding.Same, 2, 2, 2, 2, TfliteActivation.None), Pool2DOptions.Read(pool.Options));
        Assert.All(model.Operators.Where(op => op.Code is TfliteBuiltinOperator.REDUCE_MAX or TfliteBuiltinOperator.SUM),
            op => Assert.True(ReducerOptions.Read(op.Options).KeepDims));
    }

    [Fact]
    public void Float16_constants_read_as_float32()
    {
        var halves = new[] { (Half)1.5f, (Half)(-2f), (Half)0.25f };
        var data = halves.SelectMany(h => BitConverter.GetBytes(h)).ToArray();
        var tensor = new TfliteTensor(0, "weights", TfliteTensorType.Float16, [3], [3], data);
        Assert.Equal([1.5f, -2f, 0.25f], tensor.FloatValues());
    }

    [Fact]
    public void A_file_without_the_tflite_identifier_is_refused_with_the_model_name()
    {
        var error = Assert.Throws<InvalidTfliteModelException>(() => TfliteReader.Read(new byte[64], "not-a-model"));
        Assert.Contains("not-a-model", error.Message);
        Assert.Contains("TFL3", error.Message);
    }

    [Fact]
    public void A_truncated_file_is_refused_as_corrupt()
    {
        var truncated = package.Tflite("pnet").AsSpan(0, 2000).ToArray();
        var error = Assert.Throws<InvalidTfliteModelException>(() => TfliteReader.Read(truncated, "pnet"));
        Assert.Contains("truncated or corrupt", error.Message);
    }
}
