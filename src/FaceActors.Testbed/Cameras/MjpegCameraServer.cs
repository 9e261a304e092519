using System.Net;
using System.Net.Sockets;
using System.Text;

namespace FaceActors.Testbed.Cameras;

/// <summary>
/// An IP camera's HTTP Motion-JPEG stream on loopback: multipart/x-mixed-replace parts at a frame rate, cycling
/// through the JPEGs it is given. Parts alternate between having a Content-Length and not, as cameras differ. It can
/// send parts that are not JPEGs (one early in each connection, or every other part while <see cref="Corrupting"/>),
/// stall (hold connections but send nothing) and stop.
/// </summary>
public sealed class MjpegCameraServer : IDisposable
{
    private const string Boundary = "faceactorsframe";
    private static readonly byte[] NotAJpeg = Ascii("this is not a JPEG, whatever the header says");

    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stopping = new();
    private readonly IReadOnlyList<byte[]> _jpegs;
    private readonly TimeSpan _interval;
    private readonly int? _corruptPartOfEachConnection;
    private volatile bool _stalled;
    private volatile bool _corrupting;

    /// <param name="corruptPartOfEachConnection">Index of a part, in every connection, whose body is not a JPEG; null for none.</param>
    public MjpegCameraServer(IReadOnlyList<byte[]> jpegs, double fps, int? corruptPartOfEachConnection = null)
    {
        _jpegs = jpegs;
        _interval = TimeSpan.FromSeconds(1 / fps);
        _corruptPartOfEachConnection = corruptPartOfEachConnection;
        _listener.Start();
        Url = $"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/stream.mjpg";
        _ = AcceptAsync();
    }

    public string Url { get; }

    /// <summary>Connections stay open, and nothing more is sent on them.</summary>
    public bool Stalled
    {
        get => _stalled;
        set => _stalled = value;
    }

    /// <summary>Every other part is not a JPEG, as a camera with a failing encoder or a damaged link sends.</summary>
    public bool Corrupting
    {
        get => _corrupting;
        set => _corrupting = value;
    }

    public void Dispose()
    {
        _stopping.Cancel();
        _listener.Stop();
    }

    private async Task AcceptAsync()
    {
        while (!_stopping.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stopping.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }
            _ = ServeAsync(client);
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using (client)
        {
            try
            {
                var stream = client.GetStream();
                await ReadRequestHeadAsync(stream);
                await stream.WriteAsync(Ascii($"HTTP/1.1 200 OK\r\nContent-Type: multipart/x-mixed-replace; boundary={Boundary}\r\nCache-Control: no-cache\r\nConnection: close\r\n\r\n"), _stopping.Token);
                using var pace = new PeriodicTimer(_interval);
                for (var part = 0; await pace.WaitForNextTickAsync(_stopping.Token); part++)
                {
                    if (_stalled) continue;
                    var corrupt = part == _corruptPartOfEachConnection || (_corrupting && part % 2 == 1);
                    var body = corrupt ? NotAJpeg : _jpegs[part % _jpegs.Count];
                    var length = part % 2 == 0 ? $"Content-Length: {body.Length}\r\n" : "";
                    await stream.WriteAsync(Ascii($"--{Boundary}\r\nContent-Type: image/jpeg\r\n{length}\r\n"), _stopping.Token);
                    await stream.WriteAsync(body, _stopping.Token);
                    await stream.WriteAsync(Ascii("\r\n"), _stopping.Token);
                }
            }
            catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
            {
                // The camera hung up, or the server is stopping.
            }
        }
    }

    private static async Task ReadRequestHeadAsync(NetworkStream stream)
    {
        var head = new StringBuilder();
        var buffer = new byte[1024];
        while (!head.ToString().Contains("\r\n\r\n"))
        {
            var read = await stream.ReadAsync(buffer);
            if (read == 0) throw new IOException("the client hung up before its request ended");
            head.Append(Encoding.ASCII.GetString(buffer, 0, read));
        }
    }

    private static byte[] Ascii(string text) => Encoding.ASCII.GetBytes(text);
}
