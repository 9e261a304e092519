using System.Data.Common;
using FaceActors.Storage;
using FaceActors.Testbed.Databases;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace FaceActors.Gallery.Tests.Stores;

/// <summary>A fresh, empty store for one test, and raw access to its tables to check what they hold.</summary>
public abstract class GalleryStore
{
    public abstract SqlDatabase Options { get; }

    protected abstract DbConnection Connect();

    /// <summary>Every value of every row of the journal, tag and snapshot tables, as bytes (text as UTF-8).</summary>
    public List<byte[]> StoredValues()
    {
        using var connection = Connect();
        connection.Open();
        var values = new List<byte[]>();
        foreach (var table in new[] { "journal", "tags", "snapshot" })
        {
            using var command = connection.CreateCommand();
            command.CommandText = $"SELECT * FROM {table}";
            using var reader = command.ExecuteReader();
            while (reader.Read())
                for (var i = 0; i < reader.FieldCount; i++)
                    values.Add(reader.GetValue(i) switch
                    {
                        byte[] bytes => bytes,
                        DBNull => [],
                        var other => System.Text.Encoding.UTF8.GetBytes(Convert.ToString(other, System.Globalization.CultureInfo.InvariantCulture)!),
                    });
        }
        return values;
    }

    /// <summary>Overwrites the payload of the newest snapshot with bytes that are no gallery, as a damaged disk or a bad restore would.</summary>
    public void DamageNewestSnapshot()
    {
        using var connection = Connect();
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "UPDATE snapshot SET snapshot = @damaged WHERE sequence_number = (SELECT MAX(sequence_number) FROM snapshot)";
        var damaged = command.CreateParameter();
        damaged.ParameterName = "@damaged";
        damaged.Value = new byte[] { 1, 0xFF, 0xFF, 0xFF, 0x7F, 42, 42 };
        command.Parameters.Add(damaged);
        if (command.ExecuteNonQuery() != 1) throw new InvalidOperationException("There was no snapshot to damage.");
    }

    public long Count(string table)
    {
        using var connection = Connect();
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT COUNT(*) FROM {table}";
        return Convert.ToInt64(command.ExecuteScalar());
    }
}

public sealed class SqliteStore : GalleryStore, IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("faceactors-gallery-").FullName;

    public override SqlDatabase Options => SqlDatabase.Sqlite(_folder, "Data Source=data/faceactors.db");

    protected override DbConnection Connect() => new SqliteConnection(Options.ConnectionString);

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }
}

public sealed class PostgreSqlStore(PostgreSqlServer server) : GalleryStore
{
    private readonly string _connectionString = server.CreateDatabase();

    public override SqlDatabase Options => SqlDatabase.PostgreSql(_connectionString);

    protected override DbConnection Connect() => new NpgsqlConnection(_connectionString);
}
