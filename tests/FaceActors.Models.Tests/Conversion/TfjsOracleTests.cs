using FaceActors.Models.Tests.Support;
using FaceActors.TestSupport;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace FaceActors.Models.Tests.Conversion;

/// <summary>
/// Every TFJS model the lock converts, run by ONNX Runtime after conversion and by TensorFlow.js itself (the oracle),
/// on a real photo and on noise, in the input range and layout each model takes.
/// </summary>
/// <remarks>
/// Tolerance, per output: |onnx − tfjs| ≤ 1e-4 + 1e-5 · max|tfjs| for every element. Both sides read the same float32
/// weights (the converter widens float16 exactly as TensorFlow.js does), so what differs is only the order of float32
/// sums: ONNX Runtime's blocked convolutions against TensorFlow.js's plain loops. That rounding scales with the
/// magnitude of the sums inside the network, which the largest value of an output reflects, not each element's own
/// (BlazePose's raw box offsets reach 3e5 on a photo; an element near 4 there is off by 1e-3). Seen: 3.3e-6 of the
/// output's largest magnitude for CenterNet's sizes (1.1e-3 on values up to 346), 1.2e-6 for BlazePose, and under 7e-5
/// absolute for every other output (all below 100); the bound leaves a factor of about 3 on the worst, CenterNet's.
/// </remarks>
[Collection(HumanModelsCollection.Name)]
public sealed class TfjsOracleTests(HumanModelsPackage package)
{
    private const float AbsoluteTolerance = 1e-4f;
    private const float ScaleTolerance = 1e-5f;

    /// <summary>How each model takes an image: its layout, size and pixel scaling (as Human, which ships them, feeds them).</summary>
    private static readonly Dictionary<string, (bool ChannelsFirst, int Size, float Scale, float Offset, string Photo)> Inputs = new()
    {
        ["nanodet"] = (true, 416, 1 / 255f, 0, "two_people.jpg"),
        ["centernet"] = (false, 512, 1, 0, "two_people.jpg"),
        ["blazepose-detector"] = (false, 224, 1 / 255f, 0, "two_people.jpg"),
        ["facemesh-detection-full"] = (false, 192, 1 / 127.5f, -1, "two_people.jpg"),
        ["antispoof"] = (false, 128, 1 / 255f, 0, "obama_small.jpg"),
        ["liveness"] = (false, 32, 1 / 255f, 0, "obama_small.jpg"),
        ["mobileface"] = (false, 112, 1 / 255f, 0, "obama_small.jpg"),
        ["mobilefacenet"] = (false, 112, 1 / 255f, 0, "obama_small.jpg"),
        ["faceres"] = (false, 224, 1 / 255f, 0, "obama_small.jpg"),
    };

    public static TheoryData<string> Models() => [.. Inputs.Keys];

    [Fact]
    public void Every_locked_tfjs_model_has_an_oracle_test() =>
        Assert.Equal(package.Names.Order(), Inputs.Keys.Order());

    [Theory]
    [MemberData(nameof(Models))]
    public void Converted_model_matches_tensorflow_js_on_a_photo_and_on_noise(string name)
    {
        var (channelsFirst, size, scale, offset, photo) = Inputs[name];
        var shape = channelsFirst ? new[] { 1, 3, size, size } : [1, size, size, 3];
        DenseTensor<float>[] inputs =
        [
            ModelInputs.Rgb(TestPaths.SharedData($"face_recognition_examples/{photo}"), size, size, channelsFirst, scale, offset),
            ModelInputs.Noise(seed: 31, offset, offset + 255 * scale, shape),
        ];
        var model = package.Read(name);
        var expected = TfjsOracle.Run(package.ModelJson(name), model.Outputs.Select(o => o.Tensor).ToList(), inputs);

        using var runner = new OnnxRunner(package.Onnx(name));
        for (var k = 0; k < inputs.Length; k++)
        {
            var actual = runner.Run(inputs[k]);
            for (var o = 0; o < model.Outputs.Count; o++)
            {
                var (ours, theirs) = (actual[model.Outputs[o].Name], expected[k][o]);
                Assert.Equal(theirs.Dimensions.ToArray(), ours.Dimensions.ToArray());
                var worst = WorstExcess(ours, theirs);
                Assert.True(worst.Excess <= 0,
                    $"{name} output {model.Outputs[o].Name} on input {k}: element {worst.Index} is {ours.Buffer.Span[worst.Index]} against TensorFlow.js's {theirs.Buffer.Span[worst.Index]}.");
            }
        }
    }

    /// <summary>The element that exceeds the tolerance the most (or comes closest to it).</summary>
    private static (int Index, float Excess) WorstExcess(DenseTensor<float> ours, DenseTensor<float> theirs)
    {
        var scale = 0f;
        foreach (var value in theirs.Buffer.Span) scale = Math.Max(scale, Math.Abs(value));
        var bound = AbsoluteTolerance + ScaleTolerance * scale;
        var worst = (Index: 0, Excess: float.NegativeInfinity);
        for (var i = 0; i < theirs.Length; i++)
        {
            var excess = Math.Abs(ours.Buffer.Span[i] - theirs.Buffer.Span[i]) - bound;
            if (excess > worst.Excess) worst = (i, excess);
        }
        return worst;
    }
}
