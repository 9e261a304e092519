using FaceActors.TestSupport;
using FaceActors.Vision.Imaging;
using FaceActors.Vision.Inference;
using FaceActors.Vision.Persons;

namespace FaceActors.Vision.Tests.Persons;

/// <summary>
/// The person detectors `models install` converts from TensorFlow.js, on real photos: where their boxes land is
/// compared with YOLOX-Nano's, an independent detector. The pose detector is MediaPipe's single-person one: it is
/// checked to find a person, not to count two.
/// </summary>
public sealed class InstalledPersonDetectorSpec
{
    private static readonly string TwoPeople = TestPaths.SharedData("face_recognition_examples/two_people.jpg");
    private static readonly string Portrait = TestPaths.SharedData("face_recognition_examples/knn_examples/train/obama/obama.jpg");

    public static TheoryData<string> CountingFamilies() => ["nanodet", "centernet"];

    private static PersonDetectorOptions Options(string family) => family switch
    {
        "nanodet" => PersonDetectorOptions.ForNanoDet(TestPaths.InstalledModel(DefaultModels.NanoDet)),
        "centernet" => PersonDetectorOptions.ForCenterNet(TestPaths.InstalledModel(DefaultModels.CenterNet)),
        _ => PersonDetectorOptions.ForBlazePose(TestPaths.InstalledModel(DefaultModels.BlazePoseDetector)),
    };

    [Theory]
    [MemberData(nameof(CountingFamilies))]
    public void Two_people_in_a_photo_are_two_persons_where_yolox_finds_them(string family)
    {
        using var detector = new PersonDetector(Options(family));
        using var yolox = new PersonDetector(PersonDetectorOptions.ForYoloX(TestPaths.SharedModel("yolox_nano/yolox_nano.onnx")));
        using var image = ImageLoader.Load(TwoPeople);

        var persons = detector.Detect(image);

        Assert.Equal(2, persons.Count);
        // CenterNet counts them but boxes the right-hand one at a fifth of its size (IoU 0.19 with YOLOX's), so only
        // the centres must fall inside YOLOX's boxes; NanoDet's boxes match YOLOX's.
        var reference = yolox.Detect(image);
        if (family == "nanodet") Assert.All(persons, p => Assert.Contains(reference, y => y.Box.IoU(p.Box) > 0.8f));
        else Assert.All(reference, y => Assert.Contains(persons, p => p.Box.CenterX > y.Box.X1 && p.Box.CenterX < y.Box.X2 && p.Box.CenterY > y.Box.Y1 && p.Box.CenterY < y.Box.Y2));
    }

    [Theory]
    [MemberData(nameof(CountingFamilies))]
    public void An_installed_family_asked_for_minimal_padding_keeps_its_square(string family)
    {
        using var detector = new PersonDetector(Options(family) with { MinimalPadding = true });
        using var image = ImageLoader.Load(TwoPeople);

        Assert.False(detector.PadsMinimally);
        Assert.Equal(2, detector.Detect(image).Count);
    }

    [Theory]
    [MemberData(nameof(CountingFamilies))]
    [InlineData("blazepose")]
    public void A_portrait_is_one_person(string family)
    {
        using var detector = new PersonDetector(Options(family));
        using var image = ImageLoader.Load(Portrait);

        var person = Assert.Single(detector.Detect(image));

        Assert.True(person.Score > 0.6f, $"score {person.Score}");
    }

    [Theory]
    [MemberData(nameof(CountingFamilies))]
    [InlineData("blazepose")]
    public void Blank_and_noise_frames_have_no_person(string family)
    {
        using var detector = new PersonDetector(Options(family));
        using var blank = TestFrames.Blank();
        using var noise = TestFrames.Noise();

        Assert.Empty(detector.Detect(blank));
        Assert.Empty(detector.Detect(noise));
    }

    [Fact]
    public void A_yolo_model_configured_as_nanodet_is_refused_with_the_key_to_fix()
    {
        var yolox = TestPaths.SharedModel("yolox_nano/yolox_nano.onnx");

        var error = Assert.Throws<ModelMismatchException>(() => new PersonDetector(PersonDetectorOptions.ForNanoDet(yolox)));

        Assert.Contains("six outputs", error.Message);
        Assert.Contains("faceactors.persons.format", error.Message);
    }
}
