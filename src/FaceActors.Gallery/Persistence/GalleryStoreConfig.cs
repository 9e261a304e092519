using Akka.Configuration;
using Akka.Persistence.Sql;
using FaceActors.Storage;

namespace FaceActors.Gallery.Persistence;

/// <summary>The gallery's journal and snapshots in the configured database (faceactors.persistence).</summary>
public static class GalleryStoreConfig
{
    /// <summary>
    /// The actor-system configuration for the gallery in <paramref name="database"/>: the SQL journal and snapshot
    /// store (tables created on first use), the query side its view follows the journal with, and the gallery's binary
    /// serializer for its events and snapshots.
    /// </summary>
    public static Config ToAkkaConfig(this SqlDatabase database)
    {
        // linq2db's provider names, as Akka.Persistence.Sql expects them.
        var providerName = database.Provider == SqlProvider.Sqlite ? "SQLite.MS" : "PostgreSQL.15";
        database.EnsureFolder();
        var connection = database.ConnectionString.Replace("\\", "\\\\").Replace("\"", "\\\"");
        return ConfigurationFactory.ParseString($$"""
            akka.persistence {
              # The circuit breakers try a store that failed again after 5 s rather than Akka's 30 s: a database that is
              # back is used within seconds (the writer and the view retry with their own backoff meanwhile).
              journal {
                plugin = "akka.persistence.journal.sql"
                sql {
                  connection-string = "{{connection}}", provider-name = "{{providerName}}", auto-initialize = on
                  circuit-breaker.reset-timeout = 5s
                }
              }
              snapshot-store {
                plugin = "akka.persistence.snapshot-store.sql"
                sql {
                  connection-string = "{{connection}}", provider-name = "{{providerName}}", auto-initialize = on
                  circuit-breaker.reset-timeout = 5s
                }
              }
              # How soon a change written anywhere reaches this process's view: one indexed query per interval.
              query.journal.sql {
                connection-string = "{{connection}}"
                provider-name = "{{providerName}}"
                write-plugin = "akka.persistence.journal.sql"
                refresh-interval = 500ms
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
