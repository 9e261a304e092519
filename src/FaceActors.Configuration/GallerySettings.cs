using Akka.Configuration;
using FaceActors.Gallery.Actors;
using FaceActors.Gallery.Enrolment;
using FaceActors.Storage;

namespace FaceActors.Configuration;

/// <summary>The persistent gallery's part of the configuration: faceactors.gallery (enrolment) and faceactors.persistence (the store).</summary>
public sealed record GallerySettings(QualityThresholds Quality, GalleryOptions Options, bool KeepImages, SqlDatabase Store)
{
    public static GallerySettings From(Config config)
    {
        var read = new HoconReader(config, "faceactors");
        var quality = QualityFrom(config);
        var options = new GalleryOptions(read.Float("gallery.duplicate-similarity", 0, 1), read.Int("gallery.snapshot-every", 1, 100_000));
        return new GallerySettings(quality, options, read.Boolean("gallery.keep-images"), PersistenceSettings.Database(read));
    }

    /// <summary>The enrolment gate's thresholds; the face library keeps only faces that pass them too.</summary>
    public static QualityThresholds QualityFrom(Config config)
    {
        var read = new HoconReader(config, "faceactors");
        return new QualityThresholds(
            read.Int("gallery.min-face-size", 12, 2000),
            read.Float("gallery.min-sharpness", 0, 10_000),
            read.Float("gallery.min-detector-score", 0, 1));
    }
}
