using FaceActors.TestSupport;
using FaceActors.Vision.Detection;
using FaceActors.Vision.Imaging;
using FaceActors.Vision.Inference;
using FaceActors.Vision.Mtcnn;
using OpenCvSharp;

namespace FaceActors.Benchmarks;

/// <summary>
/// The one input every stage benchmark uses: the shared two-people photo resized to 640x480, the frame
/// size the budgets in the design are stated for. Read from ../shared (or FACEACTORS_SHARED), never copied.
/// </summary>
internal static class BenchmarkFrame
{
    public const int Width = 640;
    public const int Height = 480;

    /// <summary>A new 640x480 BGR frame; the caller disposes it.</summary>
    public static Mat Load()
    {
        using var photo = ImageLoader.Load(TestPaths.SharedData("face_recognition_examples/two_people.jpg"));
        var frame = new Mat();
        Cv2.Resize(photo, frame, new Size(Width, Height), interpolation: InterpolationFlags.Area);
        return frame;
    }

    /// <summary>
    /// The faces MTCNN finds in <paramref name="frame"/>, with landmarks, for the stages that start from a
    /// detection (alignment, embedding). Found once in set-up, so those benchmarks time only their own stage.
    /// </summary>
    public static IReadOnlyList<FaceDetection> Faces(Mat frame)
    {
        using var detector = new MtcnnDetector(new MtcnnOptions
        {
            PNetPath = TestPaths.InstalledModel(DefaultModels.PNet),
            RNetPath = TestPaths.InstalledModel(DefaultModels.RNet),
            ONetPath = TestPaths.InstalledModel(DefaultModels.ONet),
        });
        var faces = detector.Detect(frame);
        if (faces.Count == 0) throw new InvalidOperationException("MTCNN found no face in the benchmark frame; the stage benchmarks need one.");
        return faces;
    }

    /// <summary>How every ONNX session in the suite runs: the given intra-op threads, spinning off (see <see cref="InferenceOptions"/>).</summary>
    public static InferenceOptions Inference(int intraOpThreads) => new(intraOpThreads, AllowSpinning: false);
}
