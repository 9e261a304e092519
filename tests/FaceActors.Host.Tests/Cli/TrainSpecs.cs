using FaceActors.TestSupport;
using static FaceActors.Host.Tests.Cli.BadInputSpecs;

namespace FaceActors.Host.Tests.Cli;

/// <summary>`train` on ORL writes a head that `identify` then uses; the matcher's keys are validated.</summary>
public sealed class TrainSpecs : IDisposable
{
    private static readonly string Photo = TestPaths.SharedData("face_recognition_examples/two_people.jpg");
    private static readonly string Gallery = TestPaths.SharedData("face_recognition_examples/knn_examples/train");
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    /// <summary>A config that selects the Siamese matcher with its head in the temp folder (an absolute path ignores the models folder).</summary>
    private string SiameseConfig(string extra = "") =>
        _temp.Write("siamese.conf", $"faceactors.matcher {{ kind = siamese, siamese-model = \"{_temp.File("head.onnx")}\" {extra} }}");

    [Fact]
    public void Training_on_orl_writes_a_head_and_its_card_that_identify_then_uses()
    {
        var config = SiameseConfig();

        var trained = FaceActorsProcess.Run("train", "--data", TestPaths.SharedData("orl_faces"), "--seed", "2", "--json", "--config", config);

        Assert.True(trained.ExitCode == 0, trained.ToString());
        Assert.True(File.Exists(_temp.File("head.onnx")));
        Assert.True(File.Exists(_temp.File("head.json")));
        var card = trained.Json.GetProperty("head");
        Assert.Equal(2, card.GetProperty("seed").GetInt32());
        Assert.Equal(10, card.GetProperty("split").GetProperty("validation").GetArrayLength());
        Assert.Equal(30, card.GetProperty("split").GetProperty("train").GetArrayLength());
        Assert.Equal("mobilefacenet.onnx", card.GetProperty("embedder").GetProperty("model").GetString());
        Assert.InRange(card.GetProperty("threshold").GetSingle(), 0f, 1f);
        var validation = card.GetProperty("validation");
        Assert.Equal(450, validation.GetProperty("same_pairs").GetInt32());
        Assert.True(validation.GetProperty("head").GetProperty("auc").GetDouble() >= 0.99, trained.Stdout);
        Assert.True(validation.GetProperty("cosine").GetProperty("auc").GetDouble() >= 0.99, trained.Stdout);

        var identified = FaceActorsProcess.Run("identify", Photo, "--gallery", Gallery, "--json", "--config", config);

        Assert.True(identified.ExitCode == 0, identified.ToString());
        Assert.Equal("siamese", identified.Json.GetProperty("matcher").GetString());
        Assert.Equal(card.GetProperty("threshold").GetSingle(), identified.Json.GetProperty("threshold").GetSingle());
        var names = identified.Json.GetProperty("faces").EnumerateArray().Select(f => f.GetProperty("identity").GetString()).ToList();
        Assert.Contains("obama", names);
        Assert.Contains("biden", names);
    }

    [Fact]
    public void The_siamese_matcher_without_a_trained_head_says_to_run_train()
    {
        var result = FaceActorsProcess.Run("identify", Photo, "--gallery", Gallery, "--config", SiameseConfig());

        AssertUserError(result, "head.onnx", "./faceactors train --data DIR");
    }

    [Fact]
    public void Config_check_names_a_missing_head_by_its_key()
    {
        var result = FaceActorsProcess.Run("config", "check", "--config", SiameseConfig());

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("'faceactors.matcher.siamese-model'", result.Stderr);
        Assert.Contains("./faceactors train --data DIR", result.Stderr);
    }

    [Theory]
    [InlineData("kind = neural", "'faceactors.matcher.kind'", "expected one of cosine, siamese")]
    [InlineData("top-k = 0", "'faceactors.matcher.top-k'", "1..1024")]
    [InlineData("siamese-threshold = 1.5", "'faceactors.matcher.siamese-threshold'", "0..1")]
    [InlineData("siamese-threshold = high", "'faceactors.matcher.siamese-threshold'", "expected calibrated or a number")]
    public void A_bad_matcher_key_is_named_with_what_was_expected(string setting, string key, string expected)
    {
        var config = _temp.Write("matcher.conf", $"faceactors.matcher {{ {setting} }}");

        AssertUserError(FaceActorsProcess.Run("identify", Photo, "--gallery", Gallery, "--config", config), key, expected);
    }

    [Fact]
    public void A_threshold_flag_off_the_matchers_scale_is_refused()
    {
        AssertUserError(FaceActorsProcess.Run("identify", Photo, "--gallery", Gallery, "--threshold", "1.5"), "cosine matcher's threshold", "-1..1");
    }

    [Fact]
    public void Training_needs_identities_on_both_sides_of_the_split()
    {
        AssertUserError(FaceActorsProcess.Run("train", "--data", Gallery, "--validation-identities", "4", "--config", SiameseConfig()),
            "at least two identities on each side");
    }
}
