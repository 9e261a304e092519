using FaceActors.TestSupport;
using FaceActors.Vision.BlazeFace;
using FaceActors.Vision.Detection;
using FaceActors.Vision.Inference;
using FaceActors.Vision.Tests.Detection;

namespace FaceActors.Vision.Tests.BlazeFace;

public abstract class BlazeFaceDetectorSpecs(BlazeFaceModel model, string file) : FaceDetectorSpecs
{
    protected BlazeFaceOptions Installed => new() { Model = model, ModelPath = TestPaths.InstalledModel(file) };

    protected override IFaceDetector CreateDetector() => new BlazeFaceDetector(Installed);

    [Fact]
    public void Detections_carry_six_keypoints_with_a_score_above_the_threshold()
    {
        using var detector = CreateDetector();
        using var photo = TestFrames.Photo(TestFrames.TwoPeople);

        foreach (var face in detector.Detect(photo))
        {
            Assert.Equal(LandmarkScheme.BlazeFace6, face.Landmarks.Scheme);
            Assert.Equal(6, face.Landmarks.Points.Length);
            Assert.InRange(face.Score, Installed.ScoreThreshold, 1f);
        }
    }

    [Fact]
    public void A_missing_model_file_gives_ModelNotFoundException_naming_the_path()
    {
        var missing = Path.Combine(Path.GetTempPath(), "no-such-dir", file);

        var error = Assert.Throws<ModelNotFoundException>(() => new BlazeFaceDetector(Installed with { ModelPath = missing }));

        Assert.Equal(missing, error.ModelPath);
    }
}

public sealed class BlazeFaceFrontDetectorSpecs() : BlazeFaceDetectorSpecs(BlazeFaceModel.Front128, DefaultModels.BlazeFaceFront)
{
    // The faces in obama_and_biden.jpg are 9% of the frame's width, about 12 px in the 128 px input: the
    // front model is for faces near the camera and misses them (the back model finds them).
    protected override IReadOnlySet<string> PhotosBeyondReach => new HashSet<string> { "obama_and_biden.jpg" };

    [Fact]
    public void The_back_model_with_front_options_gives_ModelMismatchException()
    {
        var back = TestPaths.InstalledModel(DefaultModels.BlazeFaceBack);

        var error = Assert.Throws<ModelMismatchException>(() => new BlazeFaceDetector(Installed with { ModelPath = back }));

        Assert.Contains("128", error.Message);
    }

    [Fact]
    public void An_mtcnn_net_loaded_as_BlazeFace_gives_ModelMismatchException() =>
        Assert.Throws<ModelMismatchException>(() => new BlazeFaceDetector(Installed with { ModelPath = TestPaths.InstalledModel(DefaultModels.ONet) }));
}

public sealed class BlazeFaceBackDetectorSpecs() : BlazeFaceDetectorSpecs(BlazeFaceModel.Back256, DefaultModels.BlazeFaceBack);

/// <summary>The full-range model, converted from TensorFlow.js: its face head is read, its person head (the same shape) is not.</summary>
public sealed class BlazeFaceFullRangeDetectorSpecs() : BlazeFaceDetectorSpecs(BlazeFaceModel.FullRange192, DefaultModels.BlazeFaceFullRange)
{
    [Fact]
    public void A_short_range_model_loaded_as_full_range_names_the_face_output_it_expected()
    {
        var front = TestPaths.InstalledModel(DefaultModels.BlazeFaceFront);

        var error = Assert.Throws<ModelMismatchException>(() => new BlazeFaceDetector(Installed with { ModelPath = front }));

        Assert.Contains("192", error.Message);
    }
}
