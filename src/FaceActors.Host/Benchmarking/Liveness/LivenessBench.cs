using System.Diagnostics;
using System.Text.Json.Serialization;
using FaceActors.Host.Cli;
using FaceActors.Vision.Detection;
using FaceActors.Vision.Imaging;
using FaceActors.Vision.Liveness;
using OpenCvSharp;

namespace FaceActors.Host.Benchmarking.Liveness;

/// <summary>One liveness model on one set of faces.</summary>
/// <param name="Flagged">Faces scored below the threshold: suspected spoofs.</param>
/// <param name="MsPerFace">Mean wall time of scoring one face alone (crop, resize, run) on one thread.</param>
public sealed record LivenessBenchResult(
    [property: JsonPropertyName("model")] string Model,
    [property: JsonPropertyName("set")] string Set,
    [property: JsonPropertyName("faces")] int Faces,
    [property: JsonPropertyName("mean_score")] double MeanScore,
    [property: JsonPropertyName("min_score")] double MinScore,
    [property: JsonPropertyName("max_score")] double MaxScore,
    [property: JsonPropertyName("threshold")] double Threshold,
    [property: JsonPropertyName("flagged")] int Flagged,
    [property: JsonPropertyName("ms_per_face")] double MsPerFace);

/// <summary>
/// `bench liveness`: what the anti-spoofing models make of real photos and of the same photos made to look printed and
/// held up to the camera, and what a face costs. No public spoof set is at hand, so the "printed" faces are composed:
/// each photo at a third of its size with a white border (a print), pasted over the sample background, softened and
/// recompressed as a camera would (Gaussian blur, JPEG quality 60). The face scored is the largest MTCNN finds.
/// </summary>
internal static class LivenessBench
{
    public static IReadOnlyList<LivenessBenchResult> Run(IReadOnlyList<LivenessOptions> models, IFaceDetector faces, string sharedData, string samplesFolder,
        Action<string> progress)
    {
        var photos = Directory.GetFiles(Path.Combine(sharedData, "face_recognition_examples", "knn_examples"), "*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".jpg", StringComparison.OrdinalIgnoreCase) || f.EndsWith(".jpeg", StringComparison.OrdinalIgnoreCase))
            .Order(StringComparer.Ordinal).ToList();
        using var samples = SamplesCommand.LoadPhotos(samplesFolder);
        var real = new List<(Mat Image, FaceDetection Face)>();
        var printed = new List<(Mat Image, FaceDetection Face)>();
        try
        {
            progress("Finding the faces");
            foreach (var file in photos)
            {
                var image = ImageLoader.Load(file);
                Add(real, image, faces);
                Add(printed, Printed(image, samples.Background), faces);
            }
            var results = new List<LivenessBenchResult>();
            foreach (var options in models)
            {
                progress($"Scoring with {options.Model}");
                using var scorer = new LivenessScorer(options);
                scorer.Score(real[0].Image, [real[0].Face]);
                results.Add(Measure(scorer, "real photos", real));
                results.Add(Measure(scorer, "printed and held up (composed)", printed));
            }
            return results;
        }
        finally
        {
            foreach (var (image, _) in real.Concat(printed)) image.Dispose();
        }
    }

    private static void Add(List<(Mat, FaceDetection)> set, Mat image, IFaceDetector faces)
    {
        if (faces.Detect(image).MaxBy(f => f.Box.Area) is { } face) set.Add((image, face));
        else image.Dispose();
    }

    private static LivenessBenchResult Measure(LivenessScorer scorer, string setName, IReadOnlyList<(Mat Image, FaceDetection Face)> set)
    {
        var scores = new List<float>();
        var elapsed = TimeSpan.Zero;
        var flagged = 0;
        foreach (var (image, face) in set)
        {
            var start = Stopwatch.GetTimestamp();
            var verdict = scorer.Score(image, [face])[0];
            elapsed += Stopwatch.GetElapsedTime(start);
            scores.Add(verdict.Score);
            if (verdict.SpoofSuspected) flagged++;
        }
        return new LivenessBenchResult(scorer.Options.Model.ToString(), setName, set.Count, scores.Average(), scores.Min(), scores.Max(),
            scorer.Options.Threshold, flagged, elapsed.TotalMilliseconds / set.Count);
    }

    /// <summary>The photo as a print held up to the camera: a third of its size, a white border, over the background, softened and recompressed.</summary>
    private static Mat Printed(Mat photo, Mat background)
    {
        using var small = photo.Resize(new Size(photo.Width / 3, photo.Height / 3), interpolation: InterpolationFlags.Area);
        using var print = new Mat();
        Cv2.CopyMakeBorder(small, print, 12, 12, 12, 12, BorderTypes.Constant, Scalar.White);
        using var scene = background.Resize(new Size(Math.Max(background.Width, print.Width + 40), Math.Max(background.Height, print.Height + 40)));
        using (var at = scene[new Rect(20, 20, print.Width, print.Height)]) print.CopyTo(at);
        Cv2.GaussianBlur(scene, scene, new Size(3, 3), 0);
        Cv2.ImEncode(".jpg", scene, out var jpeg, new ImageEncodingParam(ImwriteFlags.JpegQuality, 60));
        return Cv2.ImDecode(jpeg, ImreadModes.Color);
    }
}
