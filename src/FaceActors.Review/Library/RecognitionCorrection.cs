using FaceActors.Gallery;
using FaceActors.Gallery.Actors;
using FaceActors.Gallery.Model;

namespace FaceActors.Review.Library;

/// <summary>
/// "Not this person" on a recognition: the faces that were given the name on that camera just before the recognition
/// become negatives of the identity in the persistent gallery, so a face like them is no longer given it.
/// </summary>
public static class RecognitionCorrection
{
    /// <summary>How far before a recognition its faces may lie: the tracker's vote counts the last few faces of the track.</summary>
    public static readonly TimeSpan VoteSpan = TimeSpan.FromSeconds(5);

    /// <summary>The most faces of one recognition recorded: the nearest in time to it.</summary>
    public const int MostFaces = 5;

    /// <returns>What the gallery recorded; null when none of the recognition's faces is remembered (too old, or from before a restart).</returns>
    /// <exception cref="GalleryRefusedException">The identity is not enrolled (any more).</exception>
    /// <exception cref="GalleryStoreException">The gallery's store is away.</exception>
    public static async Task<NegativesAdded?> NotThisPersonAsync(this FaceReview review, string camera, string identity, DateTimeOffset at,
        PersistentGallery gallery, EmbedderId embedder)
    {
        var faces = review.NamedFaces(camera, identity, at, VoteSpan).Take(MostFaces).ToList();
        if (faces.Count == 0) return null;
        var now = DateTimeOffset.UtcNow;
        var negatives = faces.Select(face => new GallerySample(Guid.NewGuid(), face.Embedding, embedder, now,
            SampleQuality.Of(face.Quality),
            $"not {identity}: camera {face.Camera} at {face.At:yyyy-MM-ddTHH:mm:ssZ}", Image: null)).ToList();
        return await gallery.AddNegativesAsync(identity, negatives);
    }
}
