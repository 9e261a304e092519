using FaceActors.TestSupport;
using FaceActors.Vision.Detection;
using FaceActors.Vision.Inference;
using FaceActors.Vision.Mtcnn;
using FaceActors.Vision.Tests.Detection;

namespace FaceActors.Vision.Tests.Mtcnn;

public sealed class MtcnnDetectorSpecs : FaceDetectorSpecs
{
    internal static MtcnnOptions Installed(int minFaceSize = 40) => new()
    {
        MinFaceSize = minFaceSize,
        PNetPath = TestPaths.InstalledModel(DefaultModels.PNet),
        RNetPath = TestPaths.InstalledModel(DefaultModels.RNet),
        ONetPath = TestPaths.InstalledModel(DefaultModels.ONet),
    };

    protected override IFaceDetector CreateDetector() => new MtcnnDetector(Installed());

    [Theory]
    [InlineData("s1/1.pgm")]
    [InlineData("s2/5.pgm")]
    [InlineData("s10/3.pgm")]
    [InlineData("s25/8.pgm")]
    [InlineData("s40/10.pgm")]
    public void An_orl_face_yields_one_face_at_min_face_20(string image)
    {
        using var detector = new MtcnnDetector(Installed(minFaceSize: 20));
        using var frame = TestFrames.Orl(image);

        var face = Assert.Single(detector.Detect(frame));

        FaceAssert.Plausible(face);
    }

    [Fact]
    public void A_face_smaller_than_the_min_face_size_is_not_found()
    {
        // two_people.jpg's faces are about 150x200 px; at a quarter about 38x50. The minimum bounds the
        // pyramid, not the boxes, so a face a little under it can still be found: the margin here is 2x.
        using var photo = TestFrames.Photo(TestFrames.TwoPeople);
        using var quarter = TestFrames.Resized(photo, 0.25);
        using var findsSmall = new MtcnnDetector(Installed(minFaceSize: 20));
        using var skipsSmall = new MtcnnDetector(Installed(minFaceSize: 100));

        Assert.Equal(2, findsSmall.Detect(quarter).Count);
        Assert.Empty(skipsSmall.Detect(quarter));
        Assert.Equal(2, skipsSmall.Detect(photo).Count);
    }

    [Fact]
    public void The_same_detector_handles_frames_of_different_sizes_in_turn()
    {
        using var detector = new MtcnnDetector(Installed());
        using var photo = TestFrames.Photo(TestFrames.TwoPeople);
        using var half = TestFrames.Resized(photo, 0.5);

        var first = detector.Detect(photo);
        Assert.Equal(2, first.Count);
        Assert.Equal(2, detector.Detect(half).Count);
        // Two cameras of different resolutions take turns: each size keeps its pyramid, and the answer is the same.
        Assert.Equal(first.Select(f => (f.Box, f.Score)), detector.Detect(photo).Select(f => (f.Box, f.Score)));
        Assert.Equal([photo.Size(), half.Size()], detector.PlannedSizes);
    }

    [Fact]
    public void A_missing_model_file_gives_ModelNotFoundException_naming_the_path()
    {
        var missing = Path.Combine(Path.GetTempPath(), "no-such-dir", "mtcnn_rnet.onnx");

        var error = Assert.Throws<ModelNotFoundException>(() => new MtcnnDetector(Installed() with { RNetPath = missing }));

        Assert.Equal(missing, error.ModelPath);
        Assert.Contains(missing, error.Message);
    }

    [Theory]
    [InlineData(DefaultModels.BlazeFaceFront, nameof(MtcnnOptions.PNetPath))]
    [InlineData(DefaultModels.BlazeFaceFront, nameof(MtcnnOptions.RNetPath))]
    [InlineData(DefaultModels.PNet, nameof(MtcnnOptions.ONetPath))]
    [InlineData(DefaultModels.ONet, nameof(MtcnnOptions.RNetPath))]
    public void A_model_whose_inputs_do_not_match_its_stage_gives_ModelMismatchException(string file, string stage)
    {
        var path = TestPaths.InstalledModel(file);
        var options = stage switch
        {
            nameof(MtcnnOptions.PNetPath) => Installed() with { PNetPath = path },
            nameof(MtcnnOptions.RNetPath) => Installed() with { RNetPath = path },
            _ => Installed() with { ONetPath = path },
        };

        var error = Assert.Throws<ModelMismatchException>(() => new MtcnnDetector(options));

        Assert.Contains(path, error.Message);
    }

    [Theory]
    [InlineData(11, 0.709f)]
    [InlineData(40, 1f)]
    [InlineData(40, 0f)]
    public void Out_of_range_options_are_rejected(int minFaceSize, float scaleFactor) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new MtcnnDetector(Installed(minFaceSize) with { ScaleFactor = scaleFactor }));
}
