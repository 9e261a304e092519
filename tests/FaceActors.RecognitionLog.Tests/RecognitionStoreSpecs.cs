using FaceActors.RecognitionLog.Storage;
using FaceActors.Storage;
using FaceActors.Testbed.Databases;

namespace FaceActors.RecognitionLog.Tests;

/// <summary>The same specs on each backend: an embedded SQLite file and a real PostgreSQL server.</summary>
public abstract class RecognitionStoreSpecs
{
    protected static readonly DateTimeOffset Noon = new(2026, 11, 28, 12, 0, 0, TimeSpan.Zero);

    protected abstract SqlDatabase Database { get; }

    private static RecognitionRecord Seen(string camera, long track, string? identity, int minutes) =>
        new(camera, track, identity, 0.8f, Noon + TimeSpan.FromMinutes(minutes), identity is null ? null : 0.625f);

    [Fact]
    public async Task A_store_gives_back_what_was_appended_oldest_first_with_every_field()
    {
        var store = await RecognitionStore.OpenAsync(Database);
        await store.AppendAsync([Seen("yard", 2, "bob", 5), Seen("door", 1, "alice", 1), Seen("door", 3, null, 9)]);

        var all = await store.QueryAsync(new RecognitionQuery());

        Assert.Equal([Seen("door", 1, "alice", 1), Seen("yard", 2, "bob", 5), Seen("door", 3, null, 9)], all);
    }

    [Fact]
    public async Task A_query_keeps_only_the_camera_identity_and_time_asked_for()
    {
        var store = await RecognitionStore.OpenAsync(Database);
        await store.AppendAsync([Seen("door", 1, "alice", 1), Seen("yard", 2, "alice", 2), Seen("door", 3, "bob", 3), Seen("door", 4, "alice", 8)]);

        Assert.Equal([1L, 4L], (await store.QueryAsync(new RecognitionQuery(CameraId: "door", Identity: "alice"))).Select(r => r.TrackId));
        Assert.Equal([3L, 4L], (await store.QueryAsync(new RecognitionQuery(Since: Noon + TimeSpan.FromMinutes(3)))).Select(r => r.TrackId));
        Assert.Equal([1L, 2L], (await store.QueryAsync(new RecognitionQuery(Limit: 2))).Select(r => r.TrackId));
        Assert.Empty(await store.QueryAsync(new RecognitionQuery(Identity: "carol")));
    }

    [Fact]
    public async Task Removing_old_recognitions_keeps_the_recent_ones_and_says_how_many_went()
    {
        var store = await RecognitionStore.OpenAsync(Database);
        await store.AppendAsync([Seen("door", 1, "alice", 0), Seen("door", 2, "bob", 10), Seen("door", 3, "carol", 20)]);

        var removed = await store.RemoveOlderThanAsync(Noon + TimeSpan.FromMinutes(10));

        Assert.Equal(1, removed);
        Assert.Equal([2L, 3L], (await store.QueryAsync(new RecognitionQuery())).Select(r => r.TrackId));
    }

    [Fact]
    public async Task A_log_made_before_recognitions_had_a_quality_gets_the_column_and_keeps_its_rows()
    {
        await using (var connection = await Database.OpenAsync())
        await using (var create = connection.CreateCommand())
        {
            create.CommandText = """
                CREATE TABLE recognition_events (camera TEXT NOT NULL, track BIGINT NOT NULL, identity TEXT NULL, score REAL NOT NULL, at_ms BIGINT NOT NULL);
                INSERT INTO recognition_events VALUES ('door', 1, 'alice', 0.75, 1764936000000);
                """;
            await create.ExecuteNonQueryAsync();
        }

        var store = await RecognitionStore.OpenAsync(Database);
        await store.AppendAsync([Seen("door", 2, "bob", 0)]);

        Assert.Equal([(1L, (float?)null), (2L, 0.625f)], (await store.QueryAsync(new RecognitionQuery())).Select(r => (r.TrackId, r.Quality)));
    }

    [Fact]
    public async Task Opening_a_store_twice_keeps_what_it_holds()
    {
        var first = await RecognitionStore.OpenAsync(Database);
        await first.AppendAsync([Seen("door", 1, "alice", 0)]);

        var again = await RecognitionStore.OpenAsync(Database);

        Assert.Single(await again.QueryAsync(new RecognitionQuery()));
    }
}

public sealed class SqliteRecognitionStoreSpecs : RecognitionStoreSpecs, IDisposable
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("faceactors-log-");

    // A folder that does not exist yet: the store creates it, as it does for data/ on a fresh machine.
    protected override SqlDatabase Database => new(SqlProvider.Sqlite, $"Data Source={Path.Combine(_folder.FullName, "data", "faceactors.db")};Pooling=false");

    public void Dispose() => _folder.Delete(recursive: true);
}

public sealed class PostgresRecognitionStoreSpecs(PostgreSqlServer server) : RecognitionStoreSpecs, IClassFixture<PostgreSqlServer>
{
    private readonly SqlDatabase _database = SqlDatabase.PostgreSql(server.CreateDatabase());

    protected override SqlDatabase Database => _database;

    [Fact]
    public async Task An_unreachable_server_is_named_with_the_key_to_check()
    {
        var nowhere = new SqlDatabase(SqlProvider.PostgreSql, "Host=127.0.0.1;Port=9;Username=x;Database=faceactors;Timeout=2");

        var error = await Assert.ThrowsAsync<StoreUnavailableException>(() => RecognitionStore.OpenAsync(nowhere));

        Assert.Contains("PostgreSQL database 'faceactors' at 127.0.0.1:9", error.Message);
        Assert.Contains("faceactors.persistence.connection-string", error.Message);
    }
}
