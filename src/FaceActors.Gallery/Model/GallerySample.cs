using FaceActors.Vision.FaceAnalysis;

namespace FaceActors.Gallery.Model;

/// <summary>
/// The embedder that produced an embedding: its model file name and the file's sha256. Embeddings from two
/// embedders live in different spaces and are never compared, so every stored sample carries this.
/// </summary>
public sealed record EmbedderId(string Name, string Sha256)
{
    public override string ToString() => $"{Name} (sha256 {Sha256[..Math.Min(12, Sha256.Length)]})";
}

/// <summary>How good an enrolment photo's face was when it was accepted.</summary>
/// <param name="DetectorScore">The face detector's confidence, 0..1.</param>
/// <param name="FaceSize">The shorter side of the face box, in pixels of the photo.</param>
/// <param name="Sharpness">Variance of the Laplacian of the aligned grey face; low means blurred.</param>
public sealed record SampleQuality(float DetectorScore, float FaceSize, float Sharpness)
{
    /// <summary>What the gallery keeps of a face's quality as the pipeline measured it (a face named from the face library).</summary>
    public static SampleQuality Of(FaceQuality quality) => new(quality.DetectorScore, quality.Size, quality.Sharpness);
}

/// <summary>
/// One reference embedding of an identity and its metadata. <paramref name="Image"/> holds the source photo's
/// bytes only when faceactors.gallery.keep-images is on; then `gallery reembed` can embed it again.
/// </summary>
/// <param name="Source">The photo's file name (without its folder), for listings.</param>
public sealed record GallerySample(Guid Id, float[] Embedding, EmbedderId Embedder, DateTimeOffset EnrolledAt, SampleQuality Quality, string Source, byte[]? Image);
