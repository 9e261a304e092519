using FaceActors.Storage;
using FaceActors.Testbed.Databases;

namespace FaceActors.Host.Benchmarking.Soak;

/// <summary>
/// Where the soak's `run` keeps its gallery and recognition log: a private PostgreSQL server (which the soak stops and
/// starts, as a database goes away in a deployment) or a SQLite file.
/// </summary>
internal sealed class SoakStore : IDisposable
{
    private readonly PostgreSqlServer? _server;

    private SoakStore(SqlDatabase database, PostgreSqlServer? server)
    {
        Database = database;
        _server = server;
    }

    public SqlDatabase Database { get; }

    /// <summary>Whether it is a server that can be stopped.</summary>
    public bool CanStop => _server is not null;

    public static SoakStore Start(SqlProvider provider, string workFolder)
    {
        if (provider == SqlProvider.Sqlite)
            return new SoakStore(new SqlDatabase(SqlProvider.Sqlite, $"Data Source={Path.Combine(workFolder, "soak.db")}"), null);
        var server = new PostgreSqlServer();
        try
        {
            // Pooled connections, as Npgsql keeps them by default: those the stop breaks must be replaced.
            return new SoakStore(SqlDatabase.PostgreSql(server.CreateDatabase(pooling: true)), server);
        }
        catch
        {
            server.Dispose();
            throw;
        }
    }

    /// <summary>The HOCON for faceactors.persistence.</summary>
    public string Hocon() =>
        $"{{ provider = {(Database.Provider == SqlProvider.Sqlite ? "sqlite" : "postgresql")}, connection-string = {System.Text.Json.JsonSerializer.Serialize(Database.ConnectionString)} }}";

    public void StopServer() => _server!.Stop();

    public void StartServer() => _server!.Start();

    public void Dispose() => _server?.Dispose();
}
