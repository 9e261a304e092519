using System.Net;
using System.Net.Sockets;
using System.Text;
using OpenCvSharp;

namespace FaceActors.Pipeline.Tests.Cameras;

/// <summary>
/// A small HTTP server on loopback that streams multipart JPEG (multipart/x-mixed-replace) at about 15 fps,
/// the way an IP camera does. Parts alternate between having a Content-Length and not, and one part early
/// in each connection is not a JPEG at all. It can stall (hold connections but send nothing) and stop.
/// </summary>
public sealed class MjpegTestServer : IDisposable
{
    private const string Boundary = "faceactorsframe";
    public const int CorruptPartIndex = 3;

    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stopping = new();
    private readonly byte[][] _jpegs;
    private volatile bool _stalled;

    public MjpegTestServer()
    {
        _jpegs = Enumerable.Range(0, 10).Select(EncodedFrame).ToArray();
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
                for (var part = 0; !_stopping.IsCancellationRequested; part++)
                {
                    await Task.Delay(1000 / TestClips.Fps, _stopping.Token);
                    if (_stalled) continue;
                    var body = part == CorruptPartIndex ? Ascii("this is not a JPEG, whatever the header says") : _jpegs[part % _jpegs.Length];
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

    private static byte[] EncodedFrame(int index)
    {
        using var image = new Mat(TestClips.Height, TestClips.Width, MatType.CV_8UC3, new Scalar(index * 20, 128, 255 - index * 20));
        Cv2.PutText(image, index.ToString(), new Point(100, 300), HersheyFonts.HersheySimplex, 8, Scalar.White, 12);
        return image.ImEncode(".jpg");
    }

    private static byte[] Ascii(string text) => Encoding.ASCII.GetBytes(text);
}
