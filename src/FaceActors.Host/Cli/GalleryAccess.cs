using FaceActors.Gallery;
using FaceActors.Gallery.Enrolment;
using FaceActors.Gallery.Model;
using FaceActors.Host.Configuration;
using FaceActors.Host.Vision;
using FaceActors.Vision.Imaging;
using FaceActors.Vision.Inference;

namespace FaceActors.Host.Cli;

/// <summary>What the gallery verbs share: the settings, the current embedder's identity, the open gallery, and photos through the quality gate.</summary>
internal sealed class GalleryAccess : IAsyncDisposable
{
    public required VisionSettings Vision { get; init; }
    public required GallerySettings Settings { get; init; }
    public required EmbedderId Embedder { get; init; }
    public required PersistentGallery Gallery { get; init; }

    public static async Task<GalleryAccess> OpenAsync(string? configPath)
    {
        var configuration = FaceActorsConfiguration.Load(configPath);
        var vision = VisionSettings.From(configuration);
        var settings = GallerySettings.From(configuration);
        var embedder = EmbedderIdentity.Of(vision);
        return new GalleryAccess
        {
            Vision = vision,
            Settings = settings,
            Embedder = embedder,
            Gallery = await PersistentGallery.OpenAsync(settings.Store, settings.Options, embedder),
        };
    }

    /// <summary>Runs one photo through the gate; the bytes are kept in the sample only when faceactors.gallery.keep-images is on.</summary>
    /// <exception cref="VisionException">The bytes are not a readable image.</exception>
    public (GallerySample? Sample, string? Rejection) Check(EnrolmentGate gate, byte[] photo, string source)
    {
        using var bgr = ImageLoader.Decode(photo, $"'{source}'");
        var check = gate.Check(bgr);
        return check.Accepted ? (check.ToSample(Embedder, Path.GetFileName(source), Settings.KeepImages ? photo : null), null) : (null, check.Rejection);
    }

    public ValueTask DisposeAsync() => Gallery.DisposeAsync();
}
