using System.Net;
using System.Text;
using FaceActors.TestSupport;
using OpenCvSharp;
using Xunit.Abstractions;

namespace FaceActors.Host.Tests.Http;

/// <summary>
/// The live view of a running program: the page, the annotated MJPEG stream of its camera, the process endpoint, and
/// the page in a real (headless) browser.
/// </summary>
public sealed class LiveViewSpecs(RunningProgram program, ITestOutputHelper output) : IClassFixture<RunningProgram>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task A_camera_stream_is_multipart_jpeg_at_the_camera_size()
    {
        using var response = await program.Http.GetAsync("api/cameras/door/stream.mjpg", HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("multipart/x-mixed-replace", response.Content.Headers.ContentType?.MediaType);
        var boundary = response.Content.Headers.ContentType!.Parameters.Single(p => p.Name == "boundary").Value!;

        using var patience = new CancellationTokenSource(Patience);
        await using var body = await response.Content.ReadAsStreamAsync(patience.Token);
        var jpeg = await ReadPartAsync(body, boundary, patience.Token);
        using var frame = Cv2.ImDecode(jpeg, ImreadModes.Color);

        Assert.False(frame.Empty(), "the part is not a JPEG OpenCV can decode");
        using var clip = new VideoCapture(program.ClipPath);
        Assert.Equal((clip.FrameWidth, clip.FrameHeight), (frame.Width, frame.Height));
    }

    [Fact]
    public async Task An_unknown_camera_stream_is_a_404_problem()
    {
        using var response = await program.Http.GetAsync("api/cameras/garden/stream.mjpg");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("garden", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task The_process_endpoint_reports_memory_and_cpu()
    {
        var process = await program.GetJsonAsync("api/process");

        Assert.InRange(process.GetProperty("residentBytes").GetInt64(), 50L << 20, 4L << 30);
        Assert.InRange(process.GetProperty("gcHeapBytes").GetInt64(), 1, process.GetProperty("residentBytes").GetInt64());
        Assert.InRange(process.GetProperty("cpuPercent").GetDouble(), 0, 100 * Environment.ProcessorCount + 1);
        Assert.True(process.GetProperty("uptimeSeconds").GetDouble() > 0);
    }

    [Fact]
    public async Task The_page_in_a_browser_shows_the_camera_and_names_the_person_in_its_events()
    {
        // The page loads the last hour's events first, so once the API has one naming obama, the page shows it at once.
        await RunningProgram.EventuallyAsync(() => program.GetJsonAsync("api/events?since=1h"),
            e => e.EnumerateArray().Any(x => x.TryGetProperty("identity", out var identity) && identity.GetString() == "obama"), Patience, "an event naming obama");
        var url = $"http://127.0.0.1:{program.Port}/";

        var dom = HeadlessChromium.DumpDom(url, TimeSpan.FromSeconds(5));
        var (page, screenshot) = (Path.Combine(ArtefactFolder(), "live-view.html"), Path.Combine(ArtefactFolder(), "live-view.png"));
        await File.WriteAllTextAsync(page, dom);
        HeadlessChromium.Screenshot(url, TimeSpan.FromSeconds(5), screenshot);
        output.WriteLine($"The live view as the browser saw it: {page} (DOM), {screenshot} (screenshot)");

        Assert.Contains("identity assigned obama", dom);
        Assert.Contains("/api/cameras/door/stream.mjpg", dom);
        Assert.Contains("door · ", dom);
        Assert.True(new FileInfo(screenshot).Length > 10_000, "the screenshot is nearly empty");
    }

    /// <summary>Reads the first part of a multipart stream: headers, then Content-Length bytes.</summary>
    private static async Task<byte[]> ReadPartAsync(Stream body, string boundary, CancellationToken cancellation)
    {
        var headers = new StringBuilder();
        var line = new List<byte>();
        var buffer = new byte[1];
        int? length = null;
        while (true)
        {
            if (await body.ReadAsync(buffer, cancellation) == 0) throw new EndOfStreamException("The stream ended before a part's headers did.");
            if (buffer[0] != (byte)'\n') { line.Add(buffer[0]); continue; }
            var text = Encoding.ASCII.GetString(line.ToArray()).TrimEnd('\r');
            line.Clear();
            headers.AppendLine(text);
            if (text.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase)) length = int.Parse(text["Content-Length:".Length..].Trim());
            if (text.Length == 0 && length is not null) break;
        }
        Assert.StartsWith($"--{boundary}", headers.ToString());
        Assert.Contains("Content-Type: image/jpeg", headers.ToString());
        var jpeg = new byte[length.Value];
        await body.ReadExactlyAsync(jpeg, cancellation);
        return jpeg;
    }

    /// <summary>artifacts/test-results/live-view under the checkout, kept after the run for people to look at.</summary>
    private static string ArtefactFolder() => Directory.CreateDirectory(Path.Combine(TestPaths.RepositoryRoot, "artifacts", "test-results", "live-view")).FullName;
}
