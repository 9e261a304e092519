using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using FaceActors.Testbed.Processes;

namespace FaceActors.Testbed.Cameras;

/// <summary>
/// Debian's rtsp-server-perl on loopback, and ffmpeg publishers that play clips into it in real time, one per mount
/// (rtsp://127.0.0.1:PORT/MOUNT), as IP cameras serve their streams. The server offers UDP transport only ("Failed to
/// find client RTP start port" for TCP), and it keeps the mount of a publisher that vanished without a TEARDOWN
/// (SIGKILL), answering 403 to the next ANNOUNCE; so a publisher is stopped with SIGTERM, as `kill PID` would, and
/// ffmpeg tears its session down. Two servers at once on one machine lose each other's streams (a camera then gets
/// no frame at all, whatever ports they are given), so a server holds a machine-wide lock while it runs and the next
/// one waits for it.
/// </summary>
public sealed class RtspServer : IDisposable
{
    public const string DefaultMount = "cam1";

    private static readonly TimeSpan StartPatience = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan LockPatience = TimeSpan.FromMinutes(5);
    private const int StartAttempts = 3;

    private readonly FileStream _machineLock;
    private readonly Process _server;
    private readonly int _clientPort;
    private readonly int _sourcePort;
    private readonly Dictionary<string, Process> _publishers = [];

    public RtspServer()
    {
        _machineLock = TakeMachineLock();
        // The server must be told its ports; one free when chosen may be taken by the time it binds, so it starts
        // again on others.
        for (var attempt = 1; ; attempt++)
        {
            (_clientPort, _sourcePort) = (LoopbackPort.Free(), LoopbackPort.Free());
            _server = StartServer(_clientPort, _sourcePort);
            try
            {
                // Perl takes seconds to load the server's modules on a busy machine.
                WaitUntilListening(_clientPort);
                WaitUntilListening(_sourcePort);
                return;
            }
            catch (InvalidOperationException) when (attempt < StartAttempts && _server.HasExited)
            {
                ChildProcesses.Stop(_server);
            }
            catch
            {
                ChildProcesses.Stop(_server);
                _machineLock.Dispose();
                throw;
            }
        }
    }

    /// <summary>Where cameras read the stream published on <paramref name="mount"/>.</summary>
    public string UrlOf(string mount) => $"rtsp://127.0.0.1:{_clientPort}/{mount}";

    /// <summary>Where cameras read the stream published on the default mount.</summary>
    public string Url => UrlOf(DefaultMount);

    /// <summary>Plays <paramref name="clip"/> (H.264, looped) into <paramref name="mount"/> in real time.</summary>
    public void Publish(string clip, string mount = DefaultMount)
    {
        StopPublishing(mount);
        _publishers[mount] = ChildProcesses.Start("ffmpeg", [
            "-hide_banner", "-loglevel", "error", "-nostdin", "-re", "-stream_loop", "-1", "-i", clip,
            "-c", "copy", "-f", "rtsp", $"rtsp://127.0.0.1:{_sourcePort}/{mount}",
        ]);
    }

    /// <summary>Stops the publisher of <paramref name="mount"/> the way a camera's encoder goes away: cameras reading it stall.</summary>
    public void StopPublishing(string mount = DefaultMount)
    {
        if (!_publishers.Remove(mount, out var publisher)) return;
        ChildProcesses.Terminate(publisher);
    }

    public void Dispose()
    {
        foreach (var mount in _publishers.Keys.ToList()) StopPublishing(mount);
        ChildProcesses.Stop(_server);
        _machineLock.Dispose();
    }

    /// <summary>An exclusive lock on a file every server on this machine opens (advisory, released when the process ends).</summary>
    private static FileStream TakeMachineLock()
    {
        var path = Path.Combine(Path.GetTempPath(), "faceactors-rtsp-server.lock");
        var waited = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (waited.Elapsed < LockPatience)
            {
                Thread.Sleep(250);
            }
            catch (IOException e)
            {
                throw new InvalidOperationException($"Another rtsp-server-perl of FaceActors' has held {path} for {LockPatience.TotalMinutes:0} minutes.", e);
            }
        }
    }

    private static Process StartServer(int clientPort, int sourcePort)
    {
        try
        {
            return ChildProcesses.Start("rtsp-server-perl", [
                "--clientport", clientPort.ToString(), "--serverport", sourcePort.ToString(),
                "--client_listen_address", "127.0.0.1", "--source_listen_address", "127.0.0.1",
                // Its RTP ports, away from other servers'.
                "--rtp_start_port", (20000 + clientPort % 20000).ToString(),
            ]);
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException("rtsp-server-perl is not installed. Install it with `apt-get install rtsp-server-perl`.", e);
        }
    }

    private void WaitUntilListening(int port)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                using var probe = new TcpClient();
                probe.Connect(IPAddress.Loopback, port);
                return;
            }
            catch (SocketException)
            {
                if (_server.HasExited || deadline.Elapsed > StartPatience)
                    throw new InvalidOperationException($"rtsp-server-perl is not listening on port {port} after {deadline.Elapsed} (exited: {_server.HasExited}).");
                Thread.Sleep(100);
            }
        }
    }
}
