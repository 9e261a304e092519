using Akka.Configuration;
using Akka.Persistence.Sql;
using Microsoft.Data.Sqlite;

namespace FaceActors.Gallery.Persistence;

public enum PersistenceProvider { Sqlite, PostgreSql }

/// <summary>
/// Where the journal and the snapshots live (faceactors.persistence). SQLite needs no server and is the
/// default; PostgreSQL serves deployments with several nodes.
/// </summary>
public sealed record PersistenceOptions(PersistenceProvider Provider, string ConnectionString)
{
    /// <summary>linq2db's provider names, as Akka.Persistence.Sql expects them.</summary>
    private string ProviderName => Provider == PersistenceProvider.Sqlite ? "SQLite.MS" : "PostgreSQL.15";

    /// <summary>A SQLite connection string whose relative Data Source is taken from <paramref name="home"/>; its folder is created.</summary>
    public static string SqliteIn(string home, string connectionString)
    {
        var builder = new SqliteConnectionStringBuilder(connectionString);
        if (string.IsNullOrWhiteSpace(builder.DataSource) || builder.DataSource == ":memory:")
            throw new ArgumentException($"The SQLite connection string '{connectionString}' names no database file (Data Source=...).");
        builder.DataSource = Path.GetFullPath(Path.Combine(home, builder.DataSource));
        Directory.CreateDirectory(Path.GetDirectoryName(builder.DataSource)!);
        return builder.ToString();
    }

    /// <summary>
    /// The actor-system configuration for this store: the SQL journal and snapshot store (tables created on
    /// first use), and the gallery's binary serializer for its events and snapshots.
    /// </summary>
    public Config ToAkkaConfig()
    {
        var connection = ConnectionString.Replace("\\", "\\\\").Replace("\"", "\\\"");
        return ConfigurationFactory.ParseString($$"""
            akka.persistence {
              journal {
                plugin = "akka.persistence.journal.sql"
                sql { connection-string = "{{connection}}", provider-name = "{{ProviderName}}", auto-initialize = on }
              }
              snapshot-store {
                plugin = "akka.persistence.snapshot-store.sql"
                sql { connection-string = "{{connection}}", provider-name = "{{ProviderName}}", auto-initialize = on }
              }
            }
            akka.actor {
              serializers.faceactors-gallery = "FaceActors.Gallery.Serialization.GallerySerializer, FaceActors.Gallery"
              serialization-bindings {
                "FaceActors.Gallery.Events.IGalleryEvent, FaceActors.Gallery" = faceactors-gallery
                "FaceActors.Gallery.Model.GalleryState, FaceActors.Gallery" = faceactors-gallery
              }
            }
            """).WithFallback(SqlPersistence.DefaultConfiguration);
    }
}
