using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using FaceActors.TestSupport;

namespace FaceActors.Pipeline.Tests.Cameras;

/// <summary>
/// Debian's rtsp-server-perl on loopback, and an ffmpeg publisher that plays a clip into it in real time.
/// The server offers UDP transport only ("Failed to find client RTP start port" for TCP), and it keeps the
/// mount of a publisher that vanished without a TEARDOWN (SIGKILL), answering 403 to the next ANNOUNCE; so
/// the publisher is stopped with SIGTERM, as `kill PID` would, and ffmpeg tears its session down.
/// </summary>
public sealed class RtspTestServer : IDisposable
{
    private static readonly TimeSpan StartPatience = TimeSpan.FromSeconds(30);

    private readonly Process _server;
    private readonly int _sourcePort;
    private Process? _publisher;

    public RtspTestServer()
    {
        var clientPort = LoopbackPort.Free();
        _sourcePort = LoopbackPort.Free();
        try
        {
            _server = ChildProcesses.Start("rtsp-server-perl", [
                "--clientport", clientPort.ToString(), "--serverport", _sourcePort.ToString(),
                "--client_listen_address", "127.0.0.1", "--source_listen_address", "127.0.0.1",
                // Its RTP ports, away from other tests' servers.
                "--rtp_start_port", (20000 + clientPort % 20000).ToString(),
            ]);
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException("rtsp-server-perl is not installed. Install it with `apt-get install rtsp-server-perl`.", e);
        }
        try
        {
            // Perl takes seconds to load the server's modules on a busy machine.
            WaitUntilListening(clientPort);
            WaitUntilListening(_sourcePort);
        }
        catch
        {
            ChildProcesses.Stop(_server);
            throw;
        }
        Url = $"rtsp://127.0.0.1:{clientPort}/cam1";
    }

    /// <summary>Where cameras read the published stream.</summary>
    public string Url { get; }

    public void Publish(string clip) =>
        _publisher = ChildProcesses.Start("ffmpeg", [
            "-hide_banner", "-loglevel", "error", "-nostdin", "-re", "-stream_loop", "-1", "-i", clip,
            "-c", "copy", "-f", "rtsp", $"rtsp://127.0.0.1:{_sourcePort}/cam1",
        ]);

    public void StopPublishing()
    {
        if (_publisher is null) return;
        ChildProcesses.Terminate(_publisher);
        _publisher = null;
    }

    public void Dispose()
    {
        StopPublishing();
        ChildProcesses.Stop(_server);
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

/// <summary>
/// Specs that start an rtsp-server-perl run one after another: two servers at once lose each other's stream (seen as a
/// camera that gets no frame at all, with the old code as with the new), whatever ports they are given.
/// </summary>
[CollectionDefinition(Name)]
public sealed class RtspServers
{
    public const string Name = "rtsp servers";
}
