using System.Data.Common;
using FaceActors.Storage;

namespace FaceActors.RecognitionLog.Storage;

/// <summary>
/// The recognition log's table, in SQL that SQLite and PostgreSQL both take: times are Unix milliseconds (one
/// integer type in both, and ordered the same), the identity is null for a track that lost its name.
/// </summary>
public sealed class RecognitionStore
{
    private const string Table = "recognition_events";

    private readonly SqlDatabase _database;

    private RecognitionStore(SqlDatabase database) => _database = database;

    public SqlDatabase Database => _database;

    /// <summary>Opens the store, creating its table and indexes on first use.</summary>
    /// <exception cref="StoreUnavailableException">The database cannot be opened.</exception>
    public static async Task<RecognitionStore> OpenAsync(SqlDatabase database, CancellationToken cancellation = default)
    {
        await database.CreateSchemaAsync(Table, $"""
            CREATE TABLE IF NOT EXISTS {Table} (
              camera TEXT NOT NULL,
              track BIGINT NOT NULL,
              identity TEXT NULL,
              score REAL NOT NULL,
              at_ms BIGINT NOT NULL,
              quality REAL NULL);
            CREATE INDEX IF NOT EXISTS {Table}_at ON {Table} (at_ms);
            CREATE INDEX IF NOT EXISTS {Table}_identity_at ON {Table} (identity, at_ms);
            """, cancellation);
        // Logs made before recognitions carried a quality get the column, empty for their old rows.
        await database.AddColumnIfMissingAsync(Table, "quality", "REAL NULL", cancellation);
        return new RecognitionStore(database);
    }

    /// <summary>Appends the records in one transaction: all of them or none.</summary>
    public Task AppendAsync(IReadOnlyList<RecognitionRecord> records, CancellationToken cancellation = default) =>
        _database.ExecuteForEachAsync(
            $"INSERT INTO {Table} (camera, track, identity, score, at_ms, quality) VALUES (@camera, @track, @identity, @score, @at, @quality)",
            ["camera", "track", "identity", "score", "at", "quality"], records,
            r => [r.CameraId, r.TrackId, r.Identity, r.Score, r.At.ToUnixTimeMilliseconds(), r.Quality], cancellation);

    public async Task<IReadOnlyList<RecognitionRecord>> QueryAsync(RecognitionQuery query, CancellationToken cancellation = default)
    {
        await using var connection = await _database.OpenAsync(cancellation);
        await using var select = connection.CreateCommand();
        var conditions = new List<string>();
        if (query.CameraId is { } cameraId) conditions.Add(Condition(select, "camera", cameraId));
        if (query.Identity is { } identity) conditions.Add(Condition(select, "identity", identity));
        if (query.Since is { } since) conditions.Add(Condition(select, "at_ms", since.ToUnixTimeMilliseconds(), ">="));
        SqlDatabase.Parameter(select, "limit").Value = query.Limit;
        select.CommandText = $"""
            SELECT camera, track, identity, score, at_ms, quality FROM {Table}
            {(conditions.Count == 0 ? "" : "WHERE " + string.Join(" AND ", conditions))}
            ORDER BY at_ms, camera, track LIMIT @limit
            """;

        var records = new List<RecognitionRecord>();
        await using var reader = await select.ExecuteReaderAsync(cancellation);
        while (await reader.ReadAsync(cancellation))
        {
            records.Add(new RecognitionRecord(
                reader.GetString(0), reader.GetInt64(1), reader.IsDBNull(2) ? null : reader.GetString(2),
                reader.GetFloat(3), DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(4)), reader.IsDBNull(5) ? null : reader.GetFloat(5)));
        }
        return records;
    }

    /// <summary>Removes every recognition older than <paramref name="cutoff"/>; returns how many went.</summary>
    public Task<int> RemoveOlderThanAsync(DateTimeOffset cutoff, CancellationToken cancellation = default) =>
        _database.ExecuteAsync($"DELETE FROM {Table} WHERE at_ms < @cutoff", new Dictionary<string, object?> { ["cutoff"] = cutoff.ToUnixTimeMilliseconds() }, cancellation);

    private static string Condition(DbCommand command, string column, object value, string comparison = "=")
    {
        SqlDatabase.Parameter(command, column).Value = value;
        return $"{column} {comparison} @{column}";
    }
}
