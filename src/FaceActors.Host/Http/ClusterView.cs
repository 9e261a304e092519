using Akka.Actor;
using FaceActors.Cluster.Cameras;
using FaceActors.Pipeline.Cameras;
using Microsoft.AspNetCore.Http;

namespace FaceActors.Host.Http;

/// <summary>
/// A cluster node's view of the whole cluster, for the API, the live view and Prometheus. The camera list is each
/// node's own report (<see cref="ClusterCameras"/>), plus the configured cameras that no node runs, shown as
/// unassigned. A stream of a camera another node runs is proxied from that node, with the API key, so that a browser
/// needs one address. The scrape targets are every node's HTTP address, labelled with its node.
/// </summary>
/// <param name="system">The host's actor system, resolved at the first request: the host starts it.</param>
internal sealed class ClusterView(Func<ActorSystem> system, CameraBoard board, CameraRegistry running, string? apiKey) : IDisposable
{
    private static readonly TimeSpan ReportTimeout = TimeSpan.FromSeconds(3);

    /// <summary>Marks a stream request one node makes of another, which serves only its own cameras: no proxy loops.</summary>
    public const string ProxiedHeader = "X-FaceActors-Proxied";

    private readonly HttpClient _http = new() { Timeout = Timeout.InfiniteTimeSpan };

    public async Task<IReadOnlyList<CameraReport>> SnapshotAsync()
    {
        var reported = (await ClusterCameras.ReportAsync(system(), ReportTimeout)).SelectMany(node => node.Cameras).ToList();
        var order = board.Cameras.Select((camera, index) => (camera.Name, index)).ToDictionary(c => c.Name, c => c.index);
        return reported
            .Concat(board.Cameras.Where(camera => reported.All(r => r.Name != camera.Name)).Select(CameraBoard.Unassigned))
            .OrderBy(c => order.GetValueOrDefault(c.Name, int.MaxValue)).ThenBy(c => c.Node, StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>
    /// Every node's /metrics address as Prometheus' HTTP service discovery reads it (also a file_sd file's content),
    /// each labelled node="HOST:PORT" (its cluster address, as in events and /api/cameras), so that every series of the
    /// node carries it.
    /// </summary>
    public async Task<IReadOnlyList<ScrapeTarget>> ScrapeTargetsAsync() =>
        (await ClusterCameras.ReportAsync(system(), ReportTimeout)).Where(n => n.Http is not null).OrderBy(n => n.Node, StringComparer.Ordinal)
            .Select(n => new ScrapeTarget([new Uri(n.Http!).Authority], new Dictionary<string, string> { ["node"] = n.Node }))
            .ToList();

    /// <summary>Whether this request must be answered here: the camera runs on this node, or another node asked.</summary>
    public bool ServesHere(string camera, HttpRequest request) => running.All.ContainsKey(camera) || request.Headers.ContainsKey(ProxiedHeader);

    /// <summary>Copies the camera's stream from the node that runs it; false when no node runs it (or says where).</summary>
    public async Task<bool> ProxyStreamAsync(string camera, HttpContext context)
    {
        var node = (await ClusterCameras.ReportAsync(system(), ReportTimeout)).FirstOrDefault(n => n.Http is not null && n.Cameras.Any(c => c.Name == camera));
        if (node is null) return false;
        using var request = new HttpRequestMessage(HttpMethod.Get, $"{node.Http!.TrimEnd('/')}/api/cameras/{Uri.EscapeDataString(camera)}/stream.mjpg");
        request.Headers.Add(ProxiedHeader, "1");
        if (apiKey is not null) request.Headers.Add(Access.ApiKeyHeader, apiKey);
        try
        {
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, context.RequestAborted);
            context.Response.StatusCode = (int)response.StatusCode;
            context.Response.ContentType = response.Content.Headers.ContentType?.ToString();
            await using var stream = await response.Content.ReadAsStreamAsync(context.RequestAborted);
            await stream.CopyToAsync(context.Response.Body, context.RequestAborted);
        }
        catch (Exception e) when (e is IOException or HttpRequestException || e is OperationCanceledException && context.RequestAborted.IsCancellationRequested)
        {
            // The viewer went away, or the node serving the stream did (before answering: a bad gateway).
            if (!context.Response.HasStarted) context.Response.StatusCode = StatusCodes.Status502BadGateway;
        }
        return true;
    }

    public void Dispose() => _http.Dispose();
}

/// <summary>One entry of Prometheus' service discovery format: addresses to scrape and the labels their series get.</summary>
internal sealed record ScrapeTarget(IReadOnlyList<string> Targets, IReadOnlyDictionary<string, string> Labels);
