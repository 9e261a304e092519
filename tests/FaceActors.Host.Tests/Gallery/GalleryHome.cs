using FaceActors.Host.Tests.Cli;
using FaceActors.Testbed.Databases;

namespace FaceActors.Host.Tests.Gallery;

/// <summary>
/// A gallery store of its own for one test (a SQLite file in a temporary folder, or a fresh database on a
/// private PostgreSQL server) and a config file that points the program at it, plus any extra keys.
/// </summary>
public sealed class GalleryHome : IDisposable
{
    private readonly TempFolder _temp = new();
    private readonly string _persistence;

    private GalleryHome(string persistence) => _persistence = persistence;

    public static GalleryHome Sqlite() => new("");

    public static GalleryHome PostgreSql(PostgreSqlServer server) =>
        new($"faceactors.persistence {{ provider = postgresql, connection-string = \"{server.CreateDatabase()}\" }}");

    public string Folder => _temp.Path;

    /// <summary>A config file for this store with <paramref name="keys"/> (HOCON) added.</summary>
    public string Config(string keys = "")
    {
        var persistence = _persistence.Length > 0 ? _persistence : $"faceactors.persistence.connection-string = \"Data Source={_temp.File("faceactors.db")}\"";
        return _temp.Write($"faceactors-{Guid.NewGuid():N}.conf", $"{persistence}\n{keys}\n");
    }

    /// <summary>Runs faceactors with this home's config appended.</summary>
    public ProcessResult Run(params string[] arguments) => FaceActorsProcess.Run([.. arguments, "--config", Config()]);

    public List<(string Name, int Samples, bool NeedsReenrolment)> List(string? config = null)
    {
        var result = FaceActorsProcess.Run("gallery", "list", "--json", "--config", config ?? Config());
        Assert.True(result.ExitCode == 0, result.ToString());
        return result.Json.GetProperty("identities").EnumerateArray()
            .Select(i => (i.GetProperty("name").GetString()!, i.GetProperty("samples").GetInt32(), i.GetProperty("needsReenrolment").GetBoolean())).ToList();
    }

    public void Dispose() => _temp.Dispose();
}
