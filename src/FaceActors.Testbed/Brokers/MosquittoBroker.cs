using System.Diagnostics;
using System.Net.Sockets;
using FaceActors.Testbed.Processes;

namespace FaceActors.Testbed.Brokers;

/// <summary>
/// Debian's mosquitto as a private MQTT broker on 127.0.0.1 at a free port, anonymous, without persistence (a broker
/// that is killed and started again has lost every retained message, as a broker without a disk would). It can be
/// killed and started again on the same port. With users it takes only those (a password file, read again on
/// <see cref="AddUser"/>). Missing mosquitto is an error that says what to install.
/// </summary>
public sealed class MosquittoBroker : IDisposable
{
    private const string Program = "/usr/sbin/mosquitto";

    private readonly string _folder;
    private readonly System.Collections.Concurrent.ConcurrentQueue<string> _log = new();
    private Process? _process;

    public int Port { get; }

    /// <summary>The TLS listener's port, when the broker was given a certificate; else 0.</summary>
    public int TlsPort { get; }

    private readonly bool _withUsers;

    private readonly (string Certificate, string Key)? _tls;

    /// <param name="port">The port to listen on; null for a free one.</param>
    /// <param name="users">User names and passwords it accepts, and no one else; null to accept anyone.</param>
    /// <param name="tls">A PEM certificate and key: the broker listens over TLS on <see cref="TlsPort"/> too.</param>
    public MosquittoBroker(int? port = null, IReadOnlyDictionary<string, string>? users = null, (string Certificate, string Key)? tls = null)
    {
        _tls = tls;
        TlsPort = tls is null ? 0 : LoopbackPort.Free();
        if (!File.Exists(Program))
            throw new InvalidOperationException($"mosquitto is not installed ({Program}); install it with `apt-get install mosquitto mosquitto-clients`.");
        _folder = Directory.CreateTempSubdirectory("faceactors-mqtt-").FullName;
        _withUsers = users is not null;
        File.WriteAllText(PasswordFile, "");
        foreach (var (user, password) in users ?? new Dictionary<string, string>()) WritePassword(user, password);
        // A port free when chosen may be taken by the time the broker binds it: then it starts on another.
        for (var attempt = 1; ; attempt++)
        {
            Port = port ?? LoopbackPort.Free();
            try
            {
                Start();
                return;
            }
            catch (InvalidOperationException) when (port is null && attempt < 3 && Log.Contains("Address already in use", StringComparison.Ordinal))
            {
            }
        }
    }

    /// <summary>What the broker wrote on stderr.</summary>
    public string Log => string.Join(Environment.NewLine, _log);

    /// <summary>Starts the broker (again, after <see cref="Kill"/>) on its port, and waits until it accepts connections.</summary>
    public void Start()
    {
        var config = Path.Combine(_folder, "mosquitto.conf");
        // Under root (CI containers) mosquitto would switch to its own user, who cannot read this private folder.
        File.WriteAllText(config, $"""
            listener {Port} 127.0.0.1
            {(_withUsers ? $"allow_anonymous false{Environment.NewLine}password_file {PasswordFile}" : "allow_anonymous true")}
            {(_tls is var (certificate, key) ? $"listener {TlsPort} 127.0.0.1{Environment.NewLine}certfile {certificate}{Environment.NewLine}keyfile {key}" : "")}
            persistence false
            {(Environment.UserName == "root" ? "user root" : "")}
            log_dest stderr
            log_type error
            log_type warning
            log_type notice
            """);
        _process = ChildProcesses.Start(Program, ["-c", config], _log.Enqueue);
        var clock = Stopwatch.StartNew();
        while (!Accepts())
        {
            if (_process.HasExited) throw new InvalidOperationException($"mosquitto ended ({_process.ExitCode}) as it started: {Log}");
            if (clock.Elapsed > TimeSpan.FromSeconds(20)) throw new InvalidOperationException($"mosquitto did not accept connections on port {Port} within 20 s: {Log}");
            Thread.Sleep(50);
        }
    }

    /// <summary>Accepts one more user from now on: the password file is written and the broker reads it again (SIGHUP).</summary>
    public void AddUser(string user, string password)
    {
        WritePassword(user, password);
        if (_process is not null) ProcessTree.Signal(_process.Id, ProcessTree.SigHup);
    }

    private string PasswordFile => Path.Combine(_folder, "passwords");

    private void WritePassword(string user, string password)
    {
        var (code, stderr) = ChildProcesses.Run("/usr/bin/mosquitto_passwd", ["-b", PasswordFile, user, password], TimeSpan.FromSeconds(20));
        if (code != 0) throw new InvalidOperationException($"mosquitto_passwd failed ({code}): {stderr}");
    }

    /// <summary>Kills the broker with SIGKILL: its clients lose the connection without a goodbye, and their last wills go nowhere.</summary>
    public void Kill()
    {
        if (_process is null) return;
        ChildProcesses.Stop(_process);
        _process = null;
    }

    private bool Accepts()
    {
        try
        {
            using var client = new TcpClient();
            client.Connect("127.0.0.1", Port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    public void Dispose()
    {
        Kill();
        Directory.Delete(_folder, recursive: true);
    }
}
