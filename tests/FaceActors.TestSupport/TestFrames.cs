using FaceActors.TestSupport;
using FaceActors.Vision.Imaging;
using OpenCvSharp;

namespace FaceActors.TestSupport;

/// <summary>The frames detector tests run on: shared photos and synthetic frames with no face in them.</summary>
public static class TestFrames
{
    public const string TwoPeople = "face_recognition_examples/two_people.jpg";

    public static IEnumerable<string> KnnTestPhotos() =>
        Directory.GetFiles(TestPaths.SharedData("face_recognition_examples/knn_examples/test"), "*.jpg").Order();

    public static Mat Photo(string relative) => ImageLoader.Load(TestPaths.SharedData(relative));

    /// <summary>An ORL face (92x112 grey) as the BGR frame a camera would give.</summary>
    public static Mat Orl(string relative)
    {
        using var grey = Cv2.ImRead(TestPaths.SharedData($"orl_faces/{relative}"), ImreadModes.Grayscale);
        var bgr = new Mat();
        Cv2.CvtColor(grey, bgr, ColorConversionCodes.GRAY2BGR);
        return bgr;
    }

    public static Mat Resized(Mat image, double factor)
    {
        var resized = new Mat();
        Cv2.Resize(image, resized, new Size(), factor, factor, factor < 1 ? InterpolationFlags.Area : InterpolationFlags.Linear);
        return resized;
    }

    public static Mat Blank(byte level = 0) => new(480, 640, MatType.CV_8UC3, Scalar.All(level));

    /// <summary>Uniform noise from a fixed seed, so a failure reproduces.</summary>
    public static Mat Noise(int seed = 42)
    {
        var pixels = new byte[480 * 640 * 3];
        new Random(seed).NextBytes(pixels);
        using var view = Mat.FromPixelData(480, 640, MatType.CV_8UC3, pixels);
        return view.Clone();
    }
}
