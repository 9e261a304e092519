using System.Runtime.InteropServices;
using FaceActors.Review.Library;
using FaceActors.Storage;
using FaceActors.Vision.FaceAnalysis;

namespace FaceActors.Review.Storage;

/// <summary>
/// The review's faces in the database (faceactors.review.store = on): one row per kept face, its JPEG crop and
/// embedding beside where and when it was seen, so the face library outlives a restart. Times are Unix milliseconds;
/// the byte columns are BLOB on SQLite and BYTEA on PostgreSQL, the only difference between the two.
/// </summary>
public sealed class ReviewStore
{
    private const string Table = "review_faces";

    private readonly SqlDatabase _database;

    private ReviewStore(SqlDatabase database) => _database = database;

    /// <exception cref="StoreUnavailableException">The database cannot be opened.</exception>
    public static async Task<ReviewStore> OpenAsync(SqlDatabase database, CancellationToken cancellation = default)
    {
        var bytes = database.Provider == SqlProvider.Sqlite ? "BLOB" : "BYTEA";
        await database.CreateSchemaAsync(Table, $"""
            CREATE TABLE IF NOT EXISTS {Table} (
              id TEXT PRIMARY KEY,
              camera TEXT NOT NULL,
              at_ms BIGINT NOT NULL,
              embedding {bytes} NOT NULL,
              face_size REAL NOT NULL,
              sharpness REAL NOT NULL,
              detector_score REAL NOT NULL,
              frontality REAL NOT NULL,
              jpeg {bytes} NOT NULL,
              nearest TEXT NULL,
              score REAL NOT NULL);
            CREATE INDEX IF NOT EXISTS {Table}_at ON {Table} (at_ms);
            """, cancellation);
        return new ReviewStore(database);
    }

    public Task AddAsync(IReadOnlyList<ReviewFace> faces, CancellationToken cancellation = default) =>
        _database.ExecuteForEachAsync($"""
            INSERT INTO {Table} (id, camera, at_ms, embedding, face_size, sharpness, detector_score, frontality, jpeg, nearest, score)
            VALUES (@id, @camera, @at, @embedding, @size, @sharpness, @detector, @frontality, @jpeg, @nearest, @score)
            """, ["id", "camera", "at", "embedding", "size", "sharpness", "detector", "frontality", "jpeg", "nearest", "score"], faces,
            f => [f.Id.ToString(), f.Camera, f.At.ToUnixTimeMilliseconds(), MemoryMarshal.AsBytes(f.Embedding.AsSpan()).ToArray(),
                f.Quality.Size, f.Quality.Sharpness, f.Quality.DetectorScore, f.Quality.Frontality, f.Jpeg, f.Nearest, f.Score], cancellation);

    public Task RemoveAsync(IReadOnlyCollection<Guid> ids, CancellationToken cancellation = default) =>
        _database.ExecuteForEachAsync($"DELETE FROM {Table} WHERE id = @id", ["id"], ids, id => [id.ToString()], cancellation);

    /// <summary>Removes every face seen before <paramref name="cutoff"/>; returns how many went.</summary>
    public Task<int> RemoveOlderThanAsync(DateTimeOffset cutoff, CancellationToken cancellation = default) =>
        _database.ExecuteAsync($"DELETE FROM {Table} WHERE at_ms < @cutoff", new Dictionary<string, object?> { ["cutoff"] = cutoff.ToUnixTimeMilliseconds() }, cancellation);

    /// <summary>Every kept face, oldest first (the order they were grouped in).</summary>
    public async Task<IReadOnlyList<ReviewFace>> LoadAsync(CancellationToken cancellation = default)
    {
        await using var connection = await _database.OpenAsync(cancellation);
        await using var select = connection.CreateCommand();
        select.CommandText = $"SELECT id, camera, at_ms, embedding, face_size, sharpness, detector_score, frontality, jpeg, nearest, score FROM {Table} ORDER BY at_ms, id";
        var faces = new List<ReviewFace>();
        await using var reader = await select.ExecuteReaderAsync(cancellation);
        while (await reader.ReadAsync(cancellation))
        {
            var embedding = MemoryMarshal.Cast<byte, float>(((byte[])reader.GetValue(3)).AsSpan()).ToArray();
            faces.Add(new ReviewFace(Guid.Parse(reader.GetString(0)), reader.GetString(1), DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(2)), embedding,
                new FaceQuality(reader.GetFloat(4), reader.GetFloat(5), reader.GetFloat(6), reader.GetFloat(7)), (byte[])reader.GetValue(8),
                reader.IsDBNull(9) ? null : reader.GetString(9), reader.GetFloat(10)));
        }
        return faces;
    }
}
