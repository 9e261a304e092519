using FaceActors.Gallery;
using FaceActors.Gallery.Model;
using FaceActors.Configuration;
using FaceActors.Host.Enrolment;
using FaceActors.Node.Components;

namespace FaceActors.Host.Cli;

/// <summary>What the gallery verbs share: the settings, the current embedder's identity, the open gallery, and its enrolment.</summary>
internal sealed class GalleryAccess : IAsyncDisposable
{
    public required VisionSettings Vision { get; init; }
    public required GallerySettings Settings { get; init; }
    public required EmbedderId Embedder { get; init; }
    public required PersistentGallery Gallery { get; init; }
    /// <summary>Photos into <see cref="Gallery"/> through the quality gate; the models load on its first photo.</summary>
    public required GalleryEnrolment Enrolment { get; init; }

    public static async Task<GalleryAccess> OpenAsync(string? configPath)
    {
        var configuration = FaceActorsConfiguration.Load(configPath);
        var vision = VisionSettings.From(configuration);
        var settings = GallerySettings.From(configuration);
        var embedder = EmbedderIdentity.Of(vision);
        var gallery = await PersistentGallery.OpenAsync(settings.Store, settings.Options, embedder);
        return new GalleryAccess
        {
            Vision = vision,
            Settings = settings,
            Embedder = embedder,
            Gallery = gallery,
            Enrolment = new GalleryEnrolment(vision, settings, embedder, gallery),
        };
    }

    public ValueTask DisposeAsync()
    {
        Enrolment.Dispose();
        return Gallery.DisposeAsync();
    }
}
