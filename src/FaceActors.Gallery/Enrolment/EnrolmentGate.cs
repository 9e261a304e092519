using FaceActors.Gallery.Model;
using FaceActors.Vision.Alignment;
using FaceActors.Vision.Detection;
using FaceActors.Vision.Embedding;
using FaceActors.Vision.FaceAnalysis;
using FaceActors.Vision.Imaging;
using OpenCvSharp;

namespace FaceActors.Gallery.Enrolment;

/// <summary>The quality an enrolment photo must reach (faceactors.gallery).</summary>
/// <param name="MinFaceSize">Least shorter side of the face box, pixels.</param>
/// <param name="MinSharpness">Least variance of the Laplacian of the aligned grey face.</param>
/// <param name="MinDetectorScore">Least face detector confidence, 0..1.</param>
public sealed record QualityThresholds(int MinFaceSize, float MinSharpness, float MinDetectorScore);

/// <summary>A photo's verdict: an embedding with its quality, or the reason it was turned away.</summary>
public sealed record EnrolmentCheck(float[]? Embedding, SampleQuality? Quality, string? Rejection)
{
    public bool Accepted => Rejection is null;

    /// <summary>The accepted photo as a gallery sample, made now by <paramref name="embedder"/>.</summary>
    /// <param name="image">The photo's bytes when images are kept, else null.</param>
    public GallerySample ToSample(EmbedderId embedder, string source, byte[]? image) =>
        Accepted
            ? new GallerySample(Guid.NewGuid(), Embedding!, embedder, DateTimeOffset.UtcNow, Quality!, source, image)
            : throw new InvalidOperationException($"A rejected photo is not a sample ({Rejection}).");
}

/// <summary>
/// Decides whether a photo is good enough to be a reference: exactly one confidently detected face (a reference
/// photo of two people would enrol whichever the detector ranked first), big enough and sharp enough. A bad
/// reference costs more than a missing one: every later face is compared with it.
/// </summary>
public sealed class EnrolmentGate(IFaceDetector detector, IFaceEmbedder embedder, QualityThresholds thresholds) : IDisposable
{
    private readonly FaceAligner _aligner = new(embedder.InputSize.Width, embedder.InputSize.Height);
    private readonly Mat _aligned = new();
    private readonly FaceQualityMeter _quality = new();

    public EnrolmentCheck Check(Mat bgr)
    {
        ImageLoader.RequireBgr(bgr);
        // Only confident detections count as faces: a stray low-score box in the background is not a second person.
        var found = detector.Detect(bgr);
        var faces = found.Where(f => f.Score >= thresholds.MinDetectorScore).ToList();
        if (faces.Count == 0)
            return Reject(found.Count == 0
                ? "no face found"
                : $"detector score {found.Max(f => f.Score):F3} is below faceactors.gallery.min-detector-score ({thresholds.MinDetectorScore:F3})");
        if (faces.Count > 1) return Reject($"{faces.Count} faces found; an enrolment photo must show exactly one person");
        var face = faces[0];
        var size = Math.Min(face.Box.Width, face.Box.Height);
        if (size < thresholds.MinFaceSize)
            return Reject($"the face is {size:F0} px, smaller than faceactors.gallery.min-face-size ({thresholds.MinFaceSize} px)");

        _aligner.Align(bgr, face, _aligned);
        var sharpness = _quality.Sharpness(_aligned);
        if (sharpness < thresholds.MinSharpness)
            return Reject($"the face is blurred (sharpness {sharpness:F0}, faceactors.gallery.min-sharpness is {thresholds.MinSharpness:F0})");
        return new EnrolmentCheck(embedder.Embed([_aligned])[0], new SampleQuality(face.Score, size, sharpness), null);
    }

    private static EnrolmentCheck Reject(string reason) => new(null, null, reason);

    public void Dispose()
    {
        _aligned.Dispose();
        _quality.Dispose();
    }
}
