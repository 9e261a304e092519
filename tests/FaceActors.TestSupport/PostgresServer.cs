using System.Diagnostics;

namespace FaceActors.TestSupport;

/// <summary>
/// A private PostgreSQL cluster for one test class: initdb into a temporary folder, a server on 127.0.0.1 at a free
/// port with trust authentication, stopped and deleted on dispose. Debian's postgresql package provides the binaries
/// (.ci/run installs it); initdb refuses root, so as root the cluster runs as the `postgres` user.
/// </summary>
public sealed class PostgresServer : IDisposable
{
    private const string User = "faceactors";

    private readonly string _bin;
    private readonly string _dataDirectory;
    private readonly bool _asPostgresUser = Environment.UserName == "root";

    public PostgresServer()
    {
        _bin = FindBinaries();
        _dataDirectory = Directory.CreateTempSubdirectory("faceactors-pg-").FullName;
        if (_asPostgresUser) Run("chown", "postgres", _dataDirectory);
        Port = LoopbackPort.Free();
        RunPostgres("initdb", "-D", _dataDirectory, "-U", User, "--auth=trust", "--no-sync", "-E", "UTF8");
        RunPostgres("pg_ctl", "-D", _dataDirectory, "-w", "-t", "30", "-l", Path.Combine(_dataDirectory, "server.log"),
            "-o", $"-h 127.0.0.1 -p {Port} -k {_dataDirectory} -c fsync=off", "start");
    }

    public int Port { get; }

    /// <summary>A connection string to a database of its own, created on first ask.</summary>
    public string ConnectionStringFor(string database)
    {
        RunPostgres("createdb", "-h", "127.0.0.1", "-p", Port.ToString(), "-U", User, database);
        return $"Host=127.0.0.1;Port={Port};Username={User};Database={database};Pooling=false";
    }

    public void Dispose()
    {
        try
        {
            RunPostgres("pg_ctl", "-D", _dataDirectory, "-m", "immediate", "-w", "stop");
        }
        finally
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
    }

    private static string FindBinaries()
    {
        var bin = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql").Select(v => Path.Combine(v, "bin")).Where(b => File.Exists(Path.Combine(b, "initdb"))).Order().LastOrDefault()
            : null;
        if (bin is not null) return bin;
        var where = Environment.GetEnvironmentVariable("CI") == "true" ? "CI needs" : "This test needs";
        throw new InvalidOperationException(
            $"{where} PostgreSQL's server binaries (initdb, pg_ctl under /usr/lib/postgresql/VERSION/bin), which are missing. Install Debian's postgresql package: `apt-get install postgresql` (.ci/run does).");
    }

    private void RunPostgres(string tool, params string[] arguments)
    {
        var path = Path.Combine(_bin, tool);
        if (_asPostgresUser) Run("runuser", ["-u", "postgres", "--", path, .. arguments]);
        else Run(path, arguments);
    }

    private static void Run(string program, params string[] arguments)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = Path.GetTempPath() };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromSeconds(60)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{program} {string.Join(' ', arguments)} did not finish in 60 s.");
        }
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{program} {string.Join(' ', arguments)} failed ({process.ExitCode}): {error.Result}{output.Result}");
    }
}
