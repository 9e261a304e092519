using Akka.Configuration;
using FaceActors.RecognitionLog.Actors;
using FaceActors.RecognitionLog.Storage;
using Microsoft.Data.Sqlite;

namespace FaceActors.Host.Configuration;

/// <summary>The recognition log: whether `run` keeps one, in which database, and for how long.</summary>
public sealed record RecognitionLogSettings(bool Enabled, SqlDatabase Database, RecognitionLogOptions Options)
{
    public static RecognitionLogSettings From(Config config)
    {
        var read = new HoconReader(config, "faceactors");
        return new RecognitionLogSettings(
            read.Boolean("recognition-log.enabled"),
            ReadDatabase(read),
            new RecognitionLogOptions(
                read.Duration("recognition-log.retention", TimeSpan.FromHours(1), TimeSpan.FromDays(3650)),
                read.Duration("recognition-log.flush-interval", TimeSpan.FromMilliseconds(100), TimeSpan.FromMinutes(1)),
                read.Duration("recognition-log.sweep-interval", TimeSpan.FromMinutes(1), TimeSpan.FromDays(1)),
                read.Int("recognition-log.max-pending", 100, 1_000_000)));
    }

    /// <summary>`faceactors.persistence`: a SQLite file's relative path is taken from the installation folder.</summary>
    private static SqlDatabase ReadDatabase(HoconReader read)
    {
        var provider = read.Choice("persistence.provider", new Dictionary<string, SqlProvider> { ["sqlite"] = SqlProvider.Sqlite, ["postgresql"] = SqlProvider.PostgreSql });
        var connectionString = read.String("persistence.connection-string");
        try
        {
            if (provider == SqlProvider.Sqlite)
            {
                var sqlite = new SqliteConnectionStringBuilder(connectionString);
                if (sqlite.DataSource.Length == 0) throw new ArgumentException("it names no file (Data Source=FILE)");
                sqlite.DataSource = HomeDirectory.Resolve(sqlite.DataSource);
                connectionString = sqlite.ToString();
            }
            else
            {
                _ = new Npgsql.NpgsqlConnectionStringBuilder(connectionString);
            }
        }
        catch (ArgumentException e)
        {
            throw new ConfigurationError("faceactors.persistence.connection-string", $"is not a {provider} connection string: {e.Message}");
        }
        return new SqlDatabase(provider, connectionString);
    }
}
