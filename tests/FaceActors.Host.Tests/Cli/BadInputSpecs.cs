using FaceActors.TestSupport;

namespace FaceActors.Host.Tests.Cli;

/// <summary>Input a user can get wrong ends with exit code 2 and one line saying what is wrong and what to do.</summary>
public sealed class BadInputSpecs : IDisposable
{
    private static readonly string Photo = TestPaths.SharedData("face_recognition_examples/obama_small.jpg");
    private static readonly string Gallery = TestPaths.SharedData("face_recognition_examples/knn_examples/train");
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    internal static void AssertUserError(ProcessResult result, params string[] phrases)
    {
        Assert.True(result.ExitCode == 2, result.ToString());
        foreach (var phrase in phrases) Assert.Contains(phrase, result.Stderr);
        Assert.DoesNotContain("   at ", result.Stderr);
    }

    [Fact]
    public void Corrupt_image_bytes() =>
        AssertUserError(FaceActorsProcess.Run("detect", _temp.Write("broken.jpg", "not a jpeg at all")), "Could not decode an image", "broken.jpg");

    [Fact]
    public void A_zero_byte_image() =>
        AssertUserError(FaceActorsProcess.Run("detect", _temp.Write("empty.png", "")), "zero width or height");

    [Fact]
    public void A_missing_image() =>
        AssertUserError(FaceActorsProcess.Run("detect", _temp.File("absent.jpg")), "absent.jpg", "does not exist");

    [Fact]
    public void A_missing_model_says_how_to_install_it()
    {
        var result = FaceActorsProcess.Run(["detect", Photo], new Dictionary<string, string> { ["FACEACTORS_MODELS"] = _temp.Path });

        AssertUserError(result, "mtcnn_pnet.onnx", "./faceactors models install");
    }

    [Fact]
    public void An_embedder_whose_inputs_do_not_match_its_description()
    {
        var config = _temp.Write("wrong-size.conf", "faceactors.embedder { input-width = 160, input-height = 160 }");

        AssertUserError(FaceActorsProcess.Run("identify", Photo, "--gallery", Gallery, "--config", config),
            "mobilefacenet.onnx", "does not match its description");
    }

    [Fact]
    public void An_unknown_detector_names_the_key_and_the_choices()
    {
        var config = _temp.Write("detector.conf", "faceactors.detector.kind = yolo");

        AssertUserError(FaceActorsProcess.Run("detect", Photo, "--config", config), "'faceactors.detector.kind'", "expected one of mtcnn, blazeface");
    }

    [Fact]
    public void An_out_of_range_value_names_the_key_and_the_range()
    {
        var config = _temp.Write("min-face.conf", "faceactors.detector.mtcnn.min-face = 5");

        AssertUserError(FaceActorsProcess.Run("detect", Photo, "--config", config), "'faceactors.detector.mtcnn.min-face'", "12..2000");
    }

    [Fact]
    public void A_value_of_the_wrong_type_names_the_key()
    {
        var config = _temp.Write("threads.conf", "faceactors.inference.intra-op-threads = many");

        AssertUserError(FaceActorsProcess.Run("detect", Photo, "--config", config), "'faceactors.inference.intra-op-threads'", "wrong type");
    }

    [Fact]
    public void A_missing_configuration_file() =>
        AssertUserError(FaceActorsProcess.Run("detect", Photo, "--config", _temp.File("absent.conf")), "absent.conf", "--config");

    [Fact]
    public void An_empty_gallery_folder()
    {
        AssertUserError(FaceActorsProcess.Run("identify", Photo, "--gallery", _temp.Path), "holds no images", "NAME/photo.jpg");
    }
}
