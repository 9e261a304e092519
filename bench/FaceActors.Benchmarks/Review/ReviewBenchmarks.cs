using BenchmarkDotNet.Attributes;
using FaceActors.Gallery.Enrolment;
using FaceActors.Pipeline.Actors;
using FaceActors.Recognition.Matching;
using FaceActors.Review.Library;
using FaceActors.Vision.Alignment;
using FaceActors.Vision.Detection;
using FaceActors.Vision.FaceAnalysis;
using OpenCvSharp;

namespace FaceActors.Benchmarks.Review;

/// <summary>
/// What the face library costs per face, with faceactors.review on: every embedded face's aligned crop is copied out
/// of the embedding actor's buffer (<see cref="CopyCrop"/>); each unknown face that passes the gate is encoded and
/// grouped (<see cref="OfferUnknownFace"/>, into a review already holding its 500 faces in 100 groups, so each offer
/// also forgets the oldest); and how a face's quality is measured beside its embedding (<see cref="MeasureQuality"/>).
/// </summary>
[Config(typeof(ShortInProcessConfig))]
public class ReviewBenchmarks
{
    private readonly FaceAligner _aligner = new();
    private readonly Mat _aligned = new();
    private readonly FaceQualityMeter _meter = new();
    private Mat _frame = null!;
    private FaceDetection _face = null!;
    private EmbeddedFace _embedded = null!;
    private FaceReview _review = null!;
    private readonly Random _random = new(1);

    [GlobalSetup]
    public void Setup()
    {
        _frame = BenchmarkFrame.Load();
        _face = BenchmarkFrame.Faces(_frame)[0];
        _aligner.Align(_frame, _face, _aligned);
        _embedded = new EmbeddedFace(Unit(), _meter.Measure(_face, _aligned)) { Crop = AlignedCrop.Of(_aligned) };
        _review = new FaceReview(new ReviewOptions(MaxFaces: 500, TimeSpan.FromDays(1), KeepNamedBelow: 0.55f, ClusterSimilarity: 0.55f,
            new QualityThresholds(MinFaceSize: 12, MinSharpness: 0, MinDetectorScore: 0)));
        var centres = Enumerable.Range(0, 100).Select(_ => Unit()).ToList();
        for (var i = 0; i < 500; i++) _review.Offer("door", DateTimeOffset.UtcNow, _face, _embedded with { Embedding = centres[i % 100] }, FaceMatch.Nobody);
        Console.WriteLine($"// a kept face: JPEG {_embedded.Crop!.ToJpeg().Length} bytes, embedding {_embedded.Embedding.Length * sizeof(float)} bytes, crop copy {_embedded.Crop.Bgr.Length} bytes");
    }

    private float[] Unit()
    {
        var v = new float[128];
        for (var i = 0; i < v.Length; i++) v[i] = (float)(_random.NextDouble() * 2 - 1);
        var norm = MathF.Sqrt(v.Sum(x => x * x));
        return v.Select(x => x / norm).ToArray();
    }

    [Benchmark]
    public AlignedCrop CopyCrop() => AlignedCrop.Of(_aligned);

    [Benchmark]
    public FaceQuality MeasureQuality() => _meter.Measure(_face, _aligned);

    [Benchmark]
    public void OfferUnknownFace() => _review.Offer("door", DateTimeOffset.UtcNow, _face, _embedded with { Embedding = Unit() }, FaceMatch.Nobody);

    [GlobalCleanup]
    public void Cleanup()
    {
        _aligned.Dispose();
        _meter.Dispose();
        _frame.Dispose();
    }
}
