using FaceActors.Gallery;
using FaceActors.Gallery.Actors;
using FaceActors.Gallery.Model;

namespace FaceActors.Review.Library;

/// <summary>
/// Names a group of the review: its best faces become gallery samples (the faces passed the enrolment gate's thresholds
/// when they were kept, and the gallery skips near-duplicates as for any enrolment), as a new identity or added to
/// one, through the persistent gallery's one writer. The group leaves the review once the gallery has it.
/// </summary>
public static class GroupEnrolment
{
    /// <returns>What the gallery enrolled; null when there is no such group (any more).</returns>
    /// <exception cref="GalleryRefusedException">The name is taken (and not added to), unknown (when added to), or not a valid name.</exception>
    /// <exception cref="GalleryStoreException">The gallery's store is away.</exception>
    public static async Task<Enrolled?> NameAsync(this FaceReview review, long group, string name, bool addToExisting,
        PersistentGallery gallery, EmbedderId embedder, bool keepImages)
    {
        if (review.Group(group) is not { } faces) return null;
        var now = DateTimeOffset.UtcNow;
        var samples = faces.Best.Select(face => new GallerySample(Guid.NewGuid(), face.Embedding, embedder, now,
            SampleQuality.Of(face.Quality),
            $"camera {face.Camera} at {face.At:yyyy-MM-ddTHH:mm:ssZ} (face library)", keepImages ? face.Jpeg : null)).ToList();
        var enrolled = await gallery.EnrollAsync(name, samples, addToExisting);
        review.Dismiss(group);
        return enrolled;
    }
}
