using FaceActors.TestSupport;
using FaceActors.Vision.Imaging;
using FaceActors.Vision.Inference;
using FaceActors.Vision.Persons;
using OpenCvSharp;

namespace FaceActors.Vision.Tests.Persons;

/// <summary>YOLOX-Nano (1x3x416x416, raw grid outputs) from ../shared/models, on real and synthetic frames.</summary>
public sealed class YoloPersonDetectorSpec : IDisposable
{
    private static string YoloXNano => TestPaths.SharedModel("yolox_nano/yolox_nano.onnx");
    private readonly PersonDetector _detector = new(PersonDetectorOptions.ForYoloX(YoloXNano));

    [Fact]
    public void Two_people_in_a_photo_are_two_persons()
    {
        using var image = ImageLoader.Load(TestPaths.SharedData("face_recognition_examples/two_people.jpg"));

        var persons = _detector.Detect(image);

        Assert.Equal(2, persons.Count);
        Assert.All(persons, p => Assert.True(p.Box.Area > 0 && p.Box.X2 <= image.Width && p.Box.Y2 <= image.Height));
        // Later frames reuse the output buffer the first one sized.
        Assert.Equal(persons, _detector.Detect(image));
    }

    [Fact]
    public void Frames_of_two_sizes_in_turn_keep_a_plan_each_and_the_same_answers()
    {
        using var image = ImageLoader.Load(TestPaths.SharedData("face_recognition_examples/two_people.jpg"));
        using var smaller = new Mat();
        Cv2.Resize(image, smaller, new Size(image.Width * 3 / 4, image.Height * 3 / 4));

        var large = _detector.Detect(image);
        var small = _detector.Detect(smaller);

        Assert.Equal(large, _detector.Detect(image));
        Assert.Equal(small, _detector.Detect(smaller));
        Assert.Equal([smaller.Size(), image.Size()], _detector.PlannedSizes);
    }

    [Fact]
    public void A_portrait_is_one_confident_person()
    {
        using var image = ImageLoader.Load(TestPaths.SharedData("face_recognition_examples/knn_examples/train/obama/obama.jpg"));

        var person = Assert.Single(_detector.Detect(image));

        Assert.True(person.Score > 0.8f, $"score {person.Score}");
    }

    [Fact]
    public void Blank_and_noise_frames_have_no_person()
    {
        using var blank = TestFrames.Blank();
        using var noise = TestFrames.Noise();

        Assert.Empty(_detector.Detect(blank));
        Assert.Empty(_detector.Detect(noise));
    }

    [Fact]
    public void A_model_with_another_input_shape_is_a_mismatch()
    {
        // MTCNN's O-Net: NHWC [1,48,48,3].
        var onet = TestPaths.SharedModel("mtcnn_reference/onet.onnx");
        var error = Assert.Throws<ModelMismatchException>(() => new PersonDetector(PersonDetectorOptions.ForYoloX(onet)));
        Assert.Contains("NHWC", error.Message);
    }

    [Fact]
    public void A_size_the_fixed_yolox_nano_export_does_not_take_is_a_mismatch()
    {
        // The shared YOLOX-Nano export fixes H and W at 416; smaller inputs need a dynamic-size export.
        var error = Assert.Throws<ModelMismatchException>(() => new PersonDetector(PersonDetectorOptions.ForYoloX(YoloXNano, inputSize: 320)));
        Assert.Contains("416", error.Message);
    }

    [Theory]
    [InlineData(320)]
    [InlineData(256)]
    public void A_dynamic_size_model_runs_at_a_smaller_input(int size)
    {
        using var detector = new PersonDetector(PersonDetectorOptions.ForYoloX(DeclaredShapes.WithSymbolicHeightAndWidth(YoloXNano), size));
        using var two = ImageLoader.Load(TestPaths.SharedData("face_recognition_examples/two_people.jpg"));
        using var portrait = ImageLoader.Load(TestPaths.SharedData("face_recognition_examples/knn_examples/train/obama/obama.jpg"));

        Assert.Equal(2, detector.Detect(two).Count);
        Assert.True(Assert.Single(detector.Detect(portrait)).Score > 0.8f);
    }

    [Fact]
    public void A_fixed_square_yolo_export_with_minimal_padding_runs_at_the_frames_aspect_and_finds_the_same_people()
    {
        using var detector = new PersonDetector(PersonDetectorOptions.ForYoloX(YoloXNano) with { MinimalPadding = true });
        using var two = ImageLoader.Load(TestPaths.SharedData("face_recognition_examples/two_people.jpg"));

        var people = detector.Detect(two);

        Assert.True(detector.PadsMinimally);
        Assert.Equal(2, people.Count);
        var square = _detector.Detect(two);
        Assert.All(people, p => Assert.Contains(square, q => q.Box.IoU(p.Box) > 0.9f));
    }

    [Fact]
    public void A_dynamic_size_model_with_minimal_padding_finds_the_same_people()
    {
        var options = PersonDetectorOptions.ForYoloX(DeclaredShapes.WithSymbolicHeightAndWidth(YoloXNano)) with { MinimalPadding = true };
        using var detector = new PersonDetector(options);
        using var two = ImageLoader.Load(TestPaths.SharedData("face_recognition_examples/two_people.jpg"));
        using var portrait = ImageLoader.Load(TestPaths.SharedData("face_recognition_examples/knn_examples/train/obama/obama.jpg"));

        var people = detector.Detect(two);
        var person = Assert.Single(detector.Detect(portrait));

        Assert.Equal(2, people.Count);
        Assert.True(person.Score > 0.8f);
        // Same people as the square letterbox, give or take a few pixels of rounding.
        var square = _detector.Detect(two);
        Assert.All(people, p => Assert.Contains(square, q => q.Box.IoU(p.Box) > 0.9f));
    }

    public void Dispose() => _detector.Dispose();
}
