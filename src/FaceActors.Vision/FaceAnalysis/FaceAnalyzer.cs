using System.Diagnostics;
using FaceActors.Vision.Alignment;
using FaceActors.Vision.Detection;
using FaceActors.Vision.Embedding;
using FaceActors.Vision.Imaging;
using FaceActors.Vision.Inference;
using OpenCvSharp;

namespace FaceActors.Vision.FaceAnalysis;

/// <summary>The embedding of a photo's one face, and how long finding it and embedding it took.</summary>
public sealed record SingleFaceTimings(float[]? Embedding, TimeSpan Detection, TimeSpan AlignmentAndEmbedding);

/// <summary>A detected face and its unit-length embedding.</summary>
public sealed record AnalyzedFace(FaceDetection Detection, float[] Embedding);

/// <summary>
/// Detect, align, embed: every face of an image goes to the embedder in one batched call. Works with any
/// <see cref="IFaceDetector"/> (MTCNN, BlazeFace) and <see cref="IFaceEmbedder"/>; it does not own them.
/// Reuses its aligned-face Mats, so one instance serves one caller at a time.
/// </summary>
public sealed class FaceAnalyzer : IDisposable
{
    private readonly IFaceDetector _detector;
    private readonly FaceAligner _aligner;
    private readonly IFaceEmbedder _embedder;
    private Mat[] _aligned = [];

    public FaceAnalyzer(IFaceDetector detector, FaceAligner aligner, IFaceEmbedder embedder)
    {
        if (aligner.OutputSize != embedder.InputSize)
            throw new ArgumentException(
                $"The aligner makes {aligner.OutputSize.Width}x{aligner.OutputSize.Height} faces but the embedder takes {embedder.InputSize.Width}x{embedder.InputSize.Height}; " +
                "create the aligner with the embedder's input size.", nameof(aligner));
        _detector = detector;
        _aligner = aligner;
        _embedder = embedder;
    }

    /// <summary>Every face the detector finds, in its order, each with its embedding.</summary>
    public IReadOnlyList<AnalyzedFace> Analyze(Mat bgr)
    {
        ImageLoader.RequireBgr(bgr);
        var faces = _detector.Detect(bgr);
        if (faces.Count == 0) return [];
        var embeddings = _embedder.Embed(AlignAll(bgr, faces));
        return faces.Select((face, i) => new AnalyzedFace(face, embeddings[i])).ToList();
    }

    /// <summary>
    /// The embedding of the one face a reference photo is about: the largest face when there are several.
    /// Throws <see cref="NoFaceFoundException"/> when there is none.
    /// </summary>
    /// <param name="source">How to name the image in the error ("'alice.jpg'").</param>
    public float[] EmbedSingleFace(Mat bgr, string source = "the image") =>
        TimeSingleFace(bgr, source).Embedding ?? throw new NoFaceFoundException(source);

    /// <summary>
    /// <see cref="EmbedSingleFace"/> with the time of each half, for comparisons with other pipelines: detection, and
    /// alignment with embedding. A photo without a face has no embedding.
    /// </summary>
    public SingleFaceTimings TimeSingleFace(Mat bgr, string source = "the image")
    {
        ImageLoader.RequireBgr(bgr, source);
        var clock = Stopwatch.StartNew();
        var faces = _detector.Detect(bgr);
        var detection = clock.Elapsed;
        if (faces.Count == 0) return new SingleFaceTimings(null, detection, TimeSpan.Zero);
        clock.Restart();
        var embedding = _embedder.Embed(AlignAll(bgr, [faces.MaxBy(f => f.Box.Area)!]))[0];
        return new SingleFaceTimings(embedding, detection, clock.Elapsed);
    }

    private ArraySegment<Mat> AlignAll(Mat bgr, IReadOnlyList<FaceDetection> faces)
    {
        if (_aligned.Length < faces.Count)
        {
            var grown = new Mat[faces.Count];
            _aligned.CopyTo(grown, 0);
            for (var i = _aligned.Length; i < grown.Length; i++) grown[i] = new Mat();
            _aligned = grown;
        }
        for (var i = 0; i < faces.Count; i++) _aligner.Align(bgr, faces[i], _aligned[i]);
        return new ArraySegment<Mat>(_aligned, 0, faces.Count);
    }

    public void Dispose()
    {
        foreach (var mat in _aligned) mat.Dispose();
    }
}
