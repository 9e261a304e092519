using FaceActors.Gallery.Enrolment;
using FaceActors.Pipeline.Scenes;
using FaceActors.Review.Clustering;
using FaceActors.Vision.Alignment;
using FaceActors.Vision.Detection;
using FaceActors.Vision.FaceAnalysis;
using FaceActors.Vision.Imaging;
using OpenCvSharp;

namespace FaceActors.Host.Benchmarking.Library;

/// <summary>One data set grouped at one similarity (the mean over the orders tried).</summary>
public sealed record LibraryBenchResult(string Set, float Similarity, int Faces, int People, double Groups, double Purity, double Completeness, double F);

/// <summary>
/// `bench library`: how the face library's online grouping does at each similarity, on faces whose person is known.
/// <list type="bullet">
/// <item>ORL (40 people, 10 photos each): embedded the product's way, then grouped in random orders (one per seed), as
/// faces of several visitors would arrive.</item>
/// <item>A composed clip: the knn_examples people walk across one after the other, each photo at a size of its own, some
/// twice, so one person comes back; every frame goes through detection, the enrolment gate's thresholds and the
/// embedder, and faces are grouped in the order the camera saw them.</item>
/// </list>
/// </summary>
internal static class LibraryBench
{
    public static IReadOnlyList<LibraryBenchResult> Orl(IReadOnlyList<(string Person, float[] Embedding)> faces, IReadOnlyList<float> similarities, int seeds) =>
        similarities.Select(similarity =>
        {
            var scores = Enumerable.Range(1, seeds).Select(seed =>
            {
                var order = faces.ToArray();
                new Random(seed).Shuffle(order);
                return ClusteringScore.OfOnline(order, similarity);
            }).ToList();
            return Mean($"ORL, {faces.Count} faces in {seeds} random orders", similarity, scores);
        }).ToList();

    public static IReadOnlyList<LibraryBenchResult> Clip(IReadOnlyList<(string Person, float[] Embedding)> faces, IReadOnlyList<float> similarities) =>
        similarities.Select(similarity => Mean($"composed clip, {faces.Count} gated faces in camera order", similarity, [ClusteringScore.OfOnline(faces, similarity)])).ToList();

    /// <summary>
    /// Renders the clip and gives each face that passes the gate with the person whose picture it lies in. Each person
    /// walks across once per photo; the photos of one person come at different sizes.
    /// </summary>
    public static IReadOnlyList<(string Person, float[] Embedding)> ClipFaces(string knnTrain, FaceAnalyzer analyzer, QualityThresholds gate, Action<string> progress)
    {
        using var background = new Mat(480, 640, MatType.CV_8UC3, new Scalar(120, 130, 125));
        var appearances = new List<Mat>();
        var walkers = new List<Walker>();
        var start = 0.0;
        foreach (var (photo, k) in Directory.GetDirectories(knnTrain).Order(StringComparer.Ordinal)
                     .SelectMany(person => Directory.GetFiles(person).Where(f => !f.EndsWith("README", StringComparison.Ordinal)).Order(StringComparer.Ordinal))
                     .Select((photo, k) => (photo, k)))
        {
            using var image = ImageLoader.Load(photo);
            var width = 180 + 30 * (k % 3);
            var appearance = new Mat();
            Cv2.Resize(image, appearance, new Size(width, (int)(width * (double)image.Height / image.Width)), interpolation: InterpolationFlags.Area);
            appearances.Add(appearance);
            walkers.Add(new Walker(Path.GetFileName(Path.GetDirectoryName(photo))!, appearance, [new Keyframe(start, 120, 240), new Keyframe(start + 3, 520, 240)]));
            start += 3.5;
        }
        var scene = new Scene(background, Fps: 15, DurationSeconds: start, walkers);
        var faces = new List<(string, float[])>();
        using var scratch = new AlignedFaceScratch();
        try
        {
            SceneRenderer.Render(scene, (frame, truth) =>
            {
                if (truth.FrameIndex % 15 == 0) progress($"Composed clip: frame {truth.FrameIndex} of {scene.FrameCount}");
                foreach (var face in analyzer.Analyze(frame))
                {
                    var box = face.Detection.Box;
                    if (Math.Min(box.Width, box.Height) < gate.MinFaceSize || face.Detection.Score < gate.MinDetectorScore) continue;
                    if (scratch.Sharpness(frame, face.Detection) < gate.MinSharpness) continue;
                    var centre = new Point((int)box.CenterX, (int)box.CenterY);
                    if (truth.Visible.Where(v => v.Box.Contains(centre)).Select(v => v.Identity).FirstOrDefault() is { } person)
                        faces.Add((person, face.Embedding));
                }
            });
        }
        finally
        {
            foreach (var appearance in appearances) appearance.Dispose();
        }
        return faces;
    }

    /// <summary>The sharpness the gate reads, measured as the embedding actor does: on the aligned 112x112 face.</summary>
    private sealed class AlignedFaceScratch : IDisposable
    {
        private readonly FaceAligner _aligner = new();
        private readonly Mat _aligned = new();
        private readonly FaceQualityMeter _meter = new();

        public float Sharpness(Mat frame, FaceDetection face)
        {
            _aligner.Align(frame, face, _aligned);
            return _meter.Sharpness(_aligned);
        }

        public void Dispose()
        {
            _aligned.Dispose();
            _meter.Dispose();
        }
    }

    private static LibraryBenchResult Mean(string set, float similarity, IReadOnlyList<ClusteringScore> scores) =>
        new(set, similarity, scores[0].Faces, scores[0].People, scores.Average(s => s.Groups), scores.Average(s => s.Purity), scores.Average(s => s.Completeness), scores.Average(s => s.F));
}
