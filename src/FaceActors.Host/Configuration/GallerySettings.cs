using Akka.Configuration;
using FaceActors.Gallery.Actors;
using FaceActors.Gallery.Enrolment;
using FaceActors.Gallery.Persistence;

namespace FaceActors.Host.Configuration;

/// <summary>The persistent gallery's part of the configuration: faceactors.gallery (enrolment) and faceactors.persistence (the store).</summary>
public sealed record GallerySettings(QualityThresholds Quality, GalleryOptions Options, bool KeepImages, PersistenceOptions Store)
{
    public static GallerySettings From(Config config)
    {
        var read = new HoconReader(config, "faceactors");
        var quality = new QualityThresholds(
            read.Int("gallery.min-face-size", 12, 2000),
            read.Float("gallery.min-sharpness", 0, 10_000),
            read.Float("gallery.min-detector-score", 0, 1));
        var options = new GalleryOptions(read.Float("gallery.duplicate-similarity", 0, 1), read.Int("gallery.snapshot-every", 1, 100_000));
        return new GallerySettings(quality, options, read.Boolean("gallery.keep-images"), StoreFrom(read));
    }

    private static PersistenceOptions StoreFrom(HoconReader read)
    {
        var provider = read.Choice("persistence.provider",
            new Dictionary<string, PersistenceProvider> { ["sqlite"] = PersistenceProvider.Sqlite, ["postgresql"] = PersistenceProvider.PostgreSql });
        var connection = read.String("persistence.connection-string");
        if (string.IsNullOrWhiteSpace(connection))
            throw new ConfigurationError("faceactors.persistence.connection-string", "is empty, expected a connection string for the provider");
        try
        {
            return new PersistenceOptions(provider,
                provider == PersistenceProvider.Sqlite ? PersistenceOptions.SqliteIn(HomeDirectory.Path, connection) : Npgsql(connection));
        }
        catch (ArgumentException e)
        {
            throw new ConfigurationError("faceactors.persistence.connection-string", e.Message);
        }
    }

    /// <summary>Parsed here so a malformed string is reported at start-up, naming the key, not at the first write.</summary>
    private static string Npgsql(string connection) => new global::Npgsql.NpgsqlConnectionStringBuilder(connection).ConnectionString;
}
