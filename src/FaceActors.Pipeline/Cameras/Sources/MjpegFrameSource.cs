using System.Net.Http.Headers;
using Akka;
using Akka.Streams.Dsl;
using Akka.Util;
using FaceActors.Vision.Imaging;
using FaceActors.Vision.Inference;
using OpenCvSharp;

namespace FaceActors.Pipeline.Cameras.Sources;

/// <summary>
/// Frames from an HTTP multipart JPEG stream (multipart/x-mixed-replace), the MJPEG most IP cameras and
/// webcam servers offer. A part that does not decode is skipped and counted; the stream goes on.
/// </summary>
public static class MjpegFrameSource
{
    // One client for every camera: connections are pooled, and a stream's lifetime is the request's.
    private static readonly HttpClient Http = new(new SocketsHttpHandler { ConnectTimeout = TimeSpan.FromSeconds(10) })
    {
        Timeout = Timeout.InfiniteTimeSpan,
    };

    /// <summary>Completes when the server ends the response; fails on HTTP and network errors.</summary>
    /// <param name="pool">Where the frames' buffers come from (the camera's size).</param>
    public static Source<CameraFrame, NotUsed> Create(CameraSettings settings, CameraCounters counters, FramePool pool) =>
        FrameReaderSource.Create(
            () => MjpegStream.OpenAsync(Http, settings, counters, pool),
            stream => stream.ReadFrameAsync(),
            stream => stream.CloseAsync());
}

internal sealed class MjpegStream
{
    private readonly CameraSettings _settings;
    private readonly CameraCounters _counters;
    private readonly FramePool _pool;
    private readonly HttpResponseMessage _response;
    private readonly MultipartReader _reader;
    private readonly CancellationTokenSource _closing;
    private long _frames;
    private readonly PendingRead _reading = new();

    private MjpegStream(CameraSettings settings, CameraCounters counters, FramePool pool, HttpResponseMessage response, MultipartReader reader,
        CancellationTokenSource closing)
    {
        _settings = settings;
        _counters = counters;
        _pool = pool;
        _response = response;
        _reader = reader;
        _closing = closing;
    }

    public static async Task<MjpegStream> OpenAsync(HttpClient http, CameraSettings settings, CameraCounters counters, FramePool pool)
    {
        var closing = new CancellationTokenSource();
        HttpResponseMessage? response = null;
        try
        {
            // A server that accepts but never answers must not hold the camera past its stall timeout.
            using var opening = CancellationTokenSource.CreateLinkedTokenSource(closing.Token);
            opening.CancelAfter(settings.StallTimeout);
            response = await http.GetAsync(settings.Url, HttpCompletionOption.ResponseHeadersRead, opening.Token);
            if (!response.IsSuccessStatusCode)
                throw new CameraSourceException(settings.Name, $"{settings.Url} answered HTTP {(int)response.StatusCode} {response.ReasonPhrase}");
            var boundary = Boundary(response.Content.Headers.ContentType)
                ?? throw new CameraSourceException(settings.Name, $"{settings.Url} is not a multipart stream (Content-Type: {response.Content.Headers.ContentType})");
            var body = await response.Content.ReadAsStreamAsync(opening.Token);
            return new MjpegStream(settings, counters, pool, response, new MultipartReader(body, boundary), closing);
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException)
        {
            response?.Dispose();
            closing.Dispose();
            throw new CameraSourceException(settings.Name, $"could not open {settings.Url}: {e.Message}", e);
        }
        catch
        {
            response?.Dispose();
            closing.Dispose();
            throw;
        }
    }

    public Task<Option<CameraFrame>> ReadFrameAsync() => _reading.Start(ReadNextFrameAsync);

    public async Task CloseAsync()
    {
        // Cancelling ends a read that is waiting on a silent server; it must be done with the response before it is disposed.
        await _closing.CancelAsync();
        await _reading.EndedAsync();
        _response.Dispose();
        _closing.Dispose();
    }

    private async Task<Option<CameraFrame>> ReadNextFrameAsync()
    {
        while (await _reader.ReadPartAsync(_closing.Token) is { } part)
        {
            Mat decoded;
            try
            {
                decoded = ImageLoader.Decode(part.Span, $"a part of {_settings.Url}");
            }
            catch (VisionException)
            {
                _counters.DecodeFailed();
                continue;
            }
            return Option<CameraFrame>.Create(_pool.Frame(_settings.Name, ++_frames, DateTimeOffset.UtcNow, ScaledToOutput(decoded)));
        }
        return Option<CameraFrame>.None;
    }

    /// <summary>The decoded part in a pooled buffer of the output size; the decoder's own image is freed.</summary>
    private Mat ScaledToOutput(Mat decoded)
    {
        using (decoded)
        {
            var output = _pool.Rent();
            if (decoded.Width == _settings.Width && decoded.Height == _settings.Height && decoded.Type() == output.Type()) decoded.CopyTo(output);
            else Cv2.Resize(decoded, output, new Size(_settings.Width, _settings.Height), interpolation: InterpolationFlags.Area);
            return output;
        }
    }

    private static string? Boundary(MediaTypeHeaderValue? contentType) =>
        contentType is { MediaType: { } mediaType } && mediaType.StartsWith("multipart/", StringComparison.OrdinalIgnoreCase)
            ? contentType.Parameters.FirstOrDefault(p => p.Name.Equals("boundary", StringComparison.OrdinalIgnoreCase))?.Value?.Trim('"')
            : null;
}
