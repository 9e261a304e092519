using System.Diagnostics;
using FaceActors.TestSupport;
using FaceActors.Vision.Imaging;
using FaceActors.Vision.Inference;
using FaceActors.Vision.Yolo;
using OpenCvSharp;
using Xunit.Abstractions;

namespace FaceActors.Vision.Tests.Yolo;

/// <summary>YOLOX-Nano (1x3x416x416, raw grid outputs) from ../shared/models, on real and synthetic frames.</summary>
public sealed class YoloPersonDetectorSpec(ITestOutputHelper output) : IDisposable
{
    private static string YoloXNano => TestPaths.SharedModel("yolox_nano/yolox_nano.onnx");
    private readonly YoloPersonDetector _detector = new(YoloOptions.ForYoloX(YoloXNano));

    [Fact]
    public void Two_people_in_a_photo_are_two_persons()
    {
        using var image = ImageLoader.Load(TestPaths.SharedData("face_recognition_examples/two_people.jpg"));

        var persons = _detector.Detect(image);

        Assert.Equal(2, persons.Count);
        Assert.All(persons, p => Assert.True(p.Box.Area > 0 && p.Box.X2 <= image.Width && p.Box.Y2 <= image.Height));
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
        using var blank = new Mat(480, 640, MatType.CV_8UC3, Scalar.All(0));
        using var noise = new Mat(480, 640, MatType.CV_8UC3);
        Cv2.Randu(noise, Scalar.All(0), Scalar.All(256));

        Assert.Empty(_detector.Detect(blank));
        Assert.Empty(_detector.Detect(noise));
    }

    [Fact]
    public void A_model_with_another_input_shape_is_a_mismatch()
    {
        // MTCNN's O-Net: NHWC [1,48,48,3].
        var onet = TestPaths.SharedModel("mtcnn_reference/onet.onnx");
        var error = Assert.Throws<ModelMismatchException>(() => new YoloPersonDetector(YoloOptions.ForYoloX(onet)));
        Assert.Contains("NHWC", error.Message);
    }

    [Fact]
    public void A_size_the_fixed_yolox_nano_export_does_not_take_is_a_mismatch()
    {
        // The shared YOLOX-Nano export fixes H and W at 416; smaller inputs need a dynamic-size export.
        var error = Assert.Throws<ModelMismatchException>(() => new YoloPersonDetector(YoloOptions.ForYoloX(YoloXNano, inputSize: 320)));
        Assert.Contains("416", error.Message);
    }

    [Fact]
    public void Measure_a_frame_end_to_end()
    {
        using var image = ImageLoader.Load(TestPaths.SharedData("face_recognition_examples/two_people.jpg"));
        using var frame = new Mat();
        Cv2.Resize(image, frame, new Size(640, 480));
        for (var i = 0; i < 5; i++) _detector.Detect(frame);
        var times = new List<double>();
        for (var i = 0; i < 30; i++)
        {
            var watch = Stopwatch.StartNew();
            _detector.Detect(frame);
            times.Add(watch.Elapsed.TotalMilliseconds);
        }
        times.Sort();
        output.WriteLine($"YOLOX-Nano 416, 640x480 frame, letterbox to NMS: median {times[times.Count / 2]:F2} ms, min {times[0]:F2} ms");
    }

    public void Dispose() => _detector.Dispose();
}
