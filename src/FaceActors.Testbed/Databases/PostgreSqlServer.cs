using System.Diagnostics;
using FaceActors.Testbed.Processes;

namespace FaceActors.Testbed.Databases;

/// <summary>
/// A private PostgreSQL cluster for one test class or one soak run: initdb into a temporary folder, started on
/// 127.0.0.1 at a free port, stopped and deleted on dispose. Under root (CI containers) the server runs as the
/// `postgres` user, which initdb demands. Missing PostgreSQL is an error that says what to install.
/// </summary>
public sealed class PostgreSqlServer : IDisposable
{
    private readonly string _bin;
    private readonly string _folder;
    private readonly bool _asPostgresUser = Environment.UserName == "root";

    public int Port { get; private set; }

    public PostgreSqlServer()
    {
        _bin = FindBinaries() ?? throw new InvalidOperationException(
            "PostgreSQL is not installed (initdb and pg_ctl in /usr/lib/postgresql/*/bin); install it with `apt-get install postgresql`.");
        _folder = Run("mktemp", "-d", "/tmp/faceactors-pg-XXXXXX").Trim();
        Run(Path.Combine(_bin, "initdb"), "-D", Data, "-U", "postgres", "-A", "trust", "--no-sync", "-E", "UTF8");
        // A port free when chosen may be taken by the time the server binds it: then it starts on another.
        for (var attempt = 1; ; attempt++)
        {
            Port = LoopbackPort.Free();
            try
            {
                Start();
                return;
            }
            catch (InvalidOperationException) when (attempt < 3 && File.ReadAllText(Path.Combine(_folder, "server.log")).Contains("could not bind", StringComparison.Ordinal))
            {
            }
        }
    }

    /// <summary>Starts the server (again, after <see cref="Stop"/>) on the same port, with its data.</summary>
    public void Start() =>
        Run(Path.Combine(_bin, "pg_ctl"), "-D", Data, "-l", Path.Combine(_folder, "server.log"), "-w", "-t", "60",
            "-o", $"-h 127.0.0.1 -p {Port} -k {_folder} -c fsync=on", "start");

    /// <summary>Stops the server at once, closing every connection, as a database that goes away does.</summary>
    public void Stop() => Run(Path.Combine(_bin, "pg_ctl"), "-D", Data, "-m", "immediate", "-w", "stop");

    private string Data => Path.Combine(_folder, "data");

    /// <summary>A new, empty database (each test gets its own), as an Npgsql connection string.</summary>
    /// <param name="pooling">Whether clients keep connections open (Npgsql's default, as deployments run); tests that
    /// drop or stop the server do better without.</param>
    public string CreateDatabase(bool pooling = false)
    {
        var name = $"test_{Guid.NewGuid():N}";
        Run(Path.Combine(_bin, "psql"), "-h", "127.0.0.1", "-p", $"{Port}", "-U", "postgres", "-d", "postgres", "-q", "-c", $"CREATE DATABASE {name}");
        return $"Host=127.0.0.1;Port={Port};Username=postgres;Database={name};Pooling={(pooling ? "true" : "false")}";
    }

    public void Dispose()
    {
        try
        {
            Stop();
        }
        finally
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    private static string? FindBinaries() =>
        Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin"))
                .Where(b => File.Exists(Path.Combine(b, "initdb")) && File.Exists(Path.Combine(b, "pg_ctl")))
                .OrderByDescending(b => b, StringComparer.Ordinal).FirstOrDefault()
            : null;

    private string Run(string program, params string[] arguments)
    {
        var start = new ProcessStartInfo(_asPostgresUser ? "runuser" : program) { RedirectStandardOutput = true, RedirectStandardError = true };
        if (_asPostgresUser) foreach (var prefix in new[] { "-u", "postgres", "--", program }) start.ArgumentList.Add(prefix);
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(1))) process.Kill();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{Path.GetFileName(program)} {string.Join(' ', arguments)} failed ({process.ExitCode}): {stderr.Result}{stdout.Result}");
        return stdout.Result;
    }
}
