using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace FaceActors.Storage;

public enum SqlProvider
{
    /// <summary>An embedded file; no server.</summary>
    Sqlite,
    /// <summary>A PostgreSQL server, for deployments and several nodes.</summary>
    PostgreSql,
}

/// <summary>Where the stores keep their tables (faceactors.persistence): the provider and its connection string.</summary>
public sealed record SqlDatabase(SqlProvider Provider, string ConnectionString)
{
    /// <summary>A SQLite database whose relative Data Source is taken from <paramref name="home"/>.</summary>
    /// <exception cref="ArgumentException">The connection string names no database file.</exception>
    public static SqlDatabase Sqlite(string home, string connectionString)
    {
        var builder = new SqliteConnectionStringBuilder(connectionString);
        if (string.IsNullOrWhiteSpace(builder.DataSource) || builder.DataSource == ":memory:")
            throw new ArgumentException($"The SQLite connection string '{connectionString}' names no database file (Data Source=FILE).");
        builder.DataSource = Path.GetFullPath(Path.Combine(home, builder.DataSource));
        return new SqlDatabase(SqlProvider.Sqlite, builder.ToString());
    }

    /// <summary>A PostgreSQL database; the string is parsed now, so a malformed one is refused at start-up.</summary>
    /// <exception cref="ArgumentException">The connection string does not parse.</exception>
    public static SqlDatabase PostgreSql(string connectionString) =>
        new(SqlProvider.PostgreSql, new NpgsqlConnectionStringBuilder(connectionString).ConnectionString);

    /// <summary>Creates a SQLite file's folder (a fresh machine has no data/ yet); nothing for a server.</summary>
    public void EnsureFolder()
    {
        if (Provider == SqlProvider.Sqlite && Path.GetDirectoryName(new SqliteConnectionStringBuilder(ConnectionString).DataSource) is { Length: > 0 } folder)
            Directory.CreateDirectory(folder);
    }

    /// <summary>Opens a connection, creating a SQLite file's folder first; an unreachable server says where it looked.</summary>
    /// <exception cref="StoreUnavailableException">The database cannot be opened.</exception>
    public async Task<DbConnection> OpenAsync(CancellationToken cancellation = default)
    {
        DbConnection connection = Provider switch
        {
            SqlProvider.Sqlite => new SqliteConnection(ConnectionString),
            SqlProvider.PostgreSql => new NpgsqlConnection(ConnectionString),
            _ => throw new ArgumentOutOfRangeException(nameof(Provider), Provider, "Unknown SQL provider."),
        };
        try
        {
            EnsureFolder();
            await connection.OpenAsync(cancellation);
            return connection;
        }
        catch (Exception e) when (e is DbException or IOException or UnauthorizedAccessException or ArgumentException)
        {
            await connection.DisposeAsync();
            throw new StoreUnavailableException(
                $"The {Describe()} cannot be opened: {e.Message} Check faceactors.persistence.connection-string.", e);
        }
    }

    /// <summary>
    /// Runs a store's CREATE ... IF NOT EXISTS statements in one transaction that no other process runs at the same time.
    /// PostgreSQL's IF NOT EXISTS is not safe against a concurrent creator (the loser fails on the catalogue's unique
    /// index), which the nodes of a cluster starting together are; an advisory lock keyed by <paramref name="store"/>
    /// serialises them. SQLite's file lock does the same by itself.
    /// </summary>
    public async Task CreateSchemaAsync(string store, string statements, CancellationToken cancellation = default)
    {
        await using var connection = await OpenAsync(cancellation);
        await using var transaction = await connection.BeginTransactionAsync(cancellation);
        await using var create = connection.CreateCommand();
        create.Transaction = transaction;
        create.CommandText = Provider == SqlProvider.PostgreSql ? $"SELECT pg_advisory_xact_lock(hashtext('{store}'));\n{statements}" : statements;
        await create.ExecuteNonQueryAsync(cancellation);
        await transaction.CommitAsync(cancellation);
    }

    /// <summary>
    /// Adds a column to a table made by an earlier version, if it lacks it: PostgreSQL says so itself (IF NOT EXISTS),
    /// SQLite is asked its table's columns first.
    /// </summary>
    public async Task AddColumnIfMissingAsync(string table, string column, string definition, CancellationToken cancellation = default)
    {
        await using var connection = await OpenAsync(cancellation);
        await using var command = connection.CreateCommand();
        if (Provider == SqlProvider.Sqlite)
        {
            command.CommandText = $"SELECT COUNT(*) FROM pragma_table_info('{table}') WHERE name = '{column}'";
            if (Convert.ToInt64(await command.ExecuteScalarAsync(cancellation)) > 0) return;
            command.CommandText = $"ALTER TABLE {table} ADD COLUMN {column} {definition}";
        }
        else command.CommandText = $"ALTER TABLE {table} ADD COLUMN IF NOT EXISTS {column} {definition}";
        await command.ExecuteNonQueryAsync(cancellation);
    }

    /// <summary>
    /// Runs one statement once for each item, in one transaction: all of them or none. <paramref name="values"/> gives an
    /// item's value for each of <paramref name="parameters"/> (@name in the statement), in order; null is SQL NULL.
    /// </summary>
    public async Task ExecuteForEachAsync<T>(string statement, IReadOnlyList<string> parameters, IEnumerable<T> items, Func<T, object?[]> values,
        CancellationToken cancellation = default)
    {
        await using var connection = await OpenAsync(cancellation);
        await using var transaction = await connection.BeginTransactionAsync(cancellation);
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = statement;
        var bound = parameters.Select(name => Parameter(command, name)).ToList();
        foreach (var item in items)
        {
            var row = values(item);
            for (var i = 0; i < bound.Count; i++) bound[i].Value = row[i] ?? DBNull.Value;
            await command.ExecuteNonQueryAsync(cancellation);
        }
        await transaction.CommitAsync(cancellation);
    }

    /// <summary>Runs one statement with named parameters (@name); returns the rows it changed.</summary>
    public async Task<int> ExecuteAsync(string statement, IReadOnlyDictionary<string, object?> parameters, CancellationToken cancellation = default)
    {
        await using var connection = await OpenAsync(cancellation);
        await using var command = connection.CreateCommand();
        command.CommandText = statement;
        foreach (var (name, value) in parameters) Parameter(command, name).Value = value ?? DBNull.Value;
        return await command.ExecuteNonQueryAsync(cancellation);
    }

    /// <summary>A named parameter added to <paramref name="command"/> (@name in its text).</summary>
    public static DbParameter Parameter(DbCommand command, string name)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        command.Parameters.Add(parameter);
        return parameter;
    }

    /// <summary>The database in words, without a password.</summary>
    public string Describe()
    {
        if (Provider == SqlProvider.Sqlite) return $"SQLite database '{new SqliteConnectionStringBuilder(ConnectionString).DataSource}'";
        var postgres = new NpgsqlConnectionStringBuilder(ConnectionString);
        return $"PostgreSQL database '{postgres.Database}' at {postgres.Host}:{postgres.Port}";
    }
}

/// <summary>The configured database cannot be reached or opened; the message names it and the key to check.</summary>
public sealed class StoreUnavailableException(string message, Exception inner) : Exception(message, inner);
