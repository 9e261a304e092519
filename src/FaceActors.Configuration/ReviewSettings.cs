using Akka.Configuration;
using FaceActors.Review.Library;

namespace FaceActors.Configuration;

/// <summary>faceactors.review: which faces the face library keeps for review, and for how long.</summary>
public static class ReviewSettings
{
    /// <summary>The review's options, or null when faceactors.review.enabled is off (no face crop outlives its frame).</summary>
    public static ReviewOptions? From(Config config)
    {
        var read = new HoconReader(config, "faceactors.review");
        var options = new ReviewOptions(
            read.Int("max-faces", 1, 100_000),
            read.Duration("retention", TimeSpan.FromMinutes(1), TimeSpan.FromDays(365)),
            read.Float("keep-named-below", -1, 1),
            read.Float("cluster-similarity", -1, 1),
            GallerySettings.QualityFrom(config),
            read.Int("best-faces", 1, 100),
            read.Boolean("store"));
        return read.Boolean("enabled") ? options : null;
    }
}
