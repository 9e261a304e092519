using System.Net;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.FileProviders;

namespace FaceActors.Host.Http;

/// <summary>
/// The live view for users without Grafana: the page at `GET /` (cameras, recent events, an fps and memory chart), the
/// cameras' annotated MJPEG streams at `GET /api/cameras/{name}/stream.mjpg` (on a cluster, proxied from the node that
/// runs the camera), the process's memory and CPU at
/// `GET /api/process`, and the front-end packages that `faceactors web install` put in <see cref="WebAssets"/> under
/// `/vendor/`.
/// </summary>
internal static class LiveView
{
    private const string Boundary = "faceactors-frame";
    private const string PageResource = "FaceActors.Host.Http.LiveView.html";

    /// <param name="cluster">On a cluster node, where the streams of the cameras other nodes run come from; null in a single process.</param>
    public static WebApplication MapLiveView(this WebApplication app, LiveFrames frames, ProcessSampler process, string webAssets, ClusterView? cluster = null)
    {
        var page = ReadPage(PageResource).Replace("<!--cameras-->", CameraFigures(frames.Cameras), StringComparison.Ordinal);
        app.MapGet("/", () => Results.Content(page, "text/html; charset=utf-8"));
        app.MapGet("/api/process", () => process.Sample());
        app.MapGet("/api/cameras/{name}/stream.mjpg", async (string name, HttpContext context) =>
        {
            if (!frames.Knows(name)) return Results.Problem($"There is no camera '{name}'.", statusCode: StatusCodes.Status404NotFound, title: "Unknown camera");
            if (cluster is not null && !cluster.ServesHere(name, context.Request))
                return await cluster.ProxyStreamAsync(name, context)
                    ? Results.Empty
                    : Results.Problem($"No node of the cluster runs the camera '{name}' now; it is moving, or waiting for a node with room.",
                        statusCode: StatusCodes.Status503ServiceUnavailable, title: "Camera not running");
            return Results.Stream(body => StreamAsync(frames, name, body, context.RequestAborted, app.Lifetime.ApplicationStopping),
                $"multipart/x-mixed-replace; boundary={Boundary}");
        });
        // A missing folder serves nothing: the page then says the chart library is not installed.
        if (Directory.Exists(webAssets))
            app.UseStaticFiles(new StaticFileOptions { FileProvider = new PhysicalFileProvider(webAssets), RequestPath = "/vendor" });
        return app;
    }

    /// <summary>Writes the camera's frames until the viewer leaves or the program stops: an open tab must not hold up Ctrl-C.</summary>
    private static async Task StreamAsync(LiveFrames frames, string camera, Stream body, CancellationToken viewerLeft, CancellationToken stopping)
    {
        using var until = CancellationTokenSource.CreateLinkedTokenSource(viewerLeft, stopping);
        var cancellation = until.Token;
        try
        {
            await foreach (var jpeg in frames.Watch(camera, cancellation))
            {
                await body.WriteAsync(Encoding.ASCII.GetBytes($"--{Boundary}\r\nContent-Type: image/jpeg\r\nContent-Length: {jpeg.Length}\r\n\r\n"), cancellation);
                await body.WriteAsync(jpeg, cancellation);
                await body.WriteAsync("\r\n"u8.ToArray(), cancellation);
                await body.FlushAsync(cancellation);
            }
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
            // The viewer went away, or the program is stopping.
        }
    }

    /// <summary>
    /// The grid is written into the page rather than built by its script: the pictures show without waiting for a
    /// request, and their streams hold the page's load event back, so a headless browser that stops at load has seen
    /// the page's first answers.
    /// </summary>
    private static string CameraFigures(IEnumerable<string> cameras) => string.Concat(cameras.Select(name =>
    {
        var html = WebUtility.HtmlEncode(name);
        return $"""<figure data-camera="{html}"><img alt="{html}" src="/api/cameras/{WebUtility.HtmlEncode(Uri.EscapeDataString(name))}/stream.mjpg"><figcaption>{html}</figcaption></figure>""";
    }));

    /// <summary>A page embedded in the program (the live view, the face library).</summary>
    public static string ReadPage(string resource)
    {
        using var stream = typeof(LiveView).Assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"The page {resource} is not embedded in the program.");
        return new StreamReader(stream).ReadToEnd();
    }
}
