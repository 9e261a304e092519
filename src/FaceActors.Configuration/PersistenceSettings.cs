using FaceActors.Storage;

namespace FaceActors.Configuration;

/// <summary>faceactors.persistence: the one database the gallery and the recognition log share.</summary>
internal static class PersistenceSettings
{
    /// <summary>A SQLite file's relative path is taken from the installation folder; a PostgreSQL string is parsed now.</summary>
    public static SqlDatabase Database(HoconReader read)
    {
        var provider = read.Choice("persistence.provider", new Dictionary<string, SqlProvider> { ["sqlite"] = SqlProvider.Sqlite, ["postgresql"] = SqlProvider.PostgreSql });
        var connection = read.String("persistence.connection-string");
        if (string.IsNullOrWhiteSpace(connection))
            throw new ConfigurationError("faceactors.persistence.connection-string", "is empty, expected a connection string for the provider");
        try
        {
            return provider == SqlProvider.Sqlite ? SqlDatabase.Sqlite(HomeDirectory.Path, connection) : SqlDatabase.PostgreSql(connection);
        }
        catch (ArgumentException e)
        {
            throw new ConfigurationError("faceactors.persistence.connection-string", $"is not a {provider} connection string: {e.Message}");
        }
    }
}
