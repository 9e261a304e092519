using Akka.Actor;
using FaceActors.Configuration;
using FaceActors.Host.Hosting;
using FaceActors.Host.Http;
using FaceActors.Pipeline.Cameras;
using FaceActors.Pipeline.Telemetry;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using FaceActors.Node.Running;

namespace FaceActors.Host.Benchmarking;

/// <summary>
/// The benchmark's host: the same host as `run` (it starts the actor system), with its metrics exported as `run`
/// exports them or not at all, so the two runs show what telemetry costs. Exported: HTTP on a free loopback port, with
/// /metrics scraped every 5 s (the scrape interval of grafana/prometheus.yml). Not exported: no listener, and nothing
/// listens to the meters, which .NET makes nearly free.
/// </summary>
internal sealed class BenchHost : IAsyncDisposable
{
    private static readonly TimeSpan ScrapeInterval = TimeSpan.FromSeconds(5);

    private readonly WebApplication _web;
    private readonly CameraBoard _board;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _scraping;

    /// <param name="address">Where /metrics is served, to scrape; null when nothing is exported.</param>
    private BenchHost(WebApplication web, CameraBoard board, string? address)
    {
        _web = web;
        _board = board;
        _scraping = address is null ? Task.CompletedTask : ScrapeAsync(address, _stop.Token);
    }

    public PipelineMetrics Metrics => _web.Services.GetRequiredService<PipelineMetrics>();

    public ActorSystem System => _web.Services.GetRequiredService<ActorSystem>();

    public static async Task<BenchHost> StartAsync(CameraRegistry registry, IReadOnlyList<CameraSettings> cameras, bool exportMetrics)
    {
        var http = new HttpSettings(Enabled: exportMetrics, global::System.Net.IPAddress.Loopback, Port: 0, ApiKey: null, MaxUploadBytes: 1024 * 1024,
            ExportMetrics: exportMetrics);
        var board = new CameraBoard(cameras, registry);
        var web = HttpHost.Build(http, RunningPipeline.AkkaConfig(persistentGallery: null), cluster: null, registry, new Readiness(registry), new EventFeed(), board,
            LiveGallery.Without("A benchmark has no gallery to change over HTTP."), new LiveFrames(cameras));
        var address = await HttpHost.StartAsync(web, http, CancellationToken.None);
        return new BenchHost(web, board, address);
    }

    private static async Task ScrapeAsync(string address, CancellationToken stop)
    {
        using var http = new HttpClient { BaseAddress = new Uri(address) };
        try
        {
            while (!stop.IsCancellationRequested)
            {
                await http.GetStringAsync("/metrics", stop);
                await Task.Delay(ScrapeInterval, stop);
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // The run is over.
        }
    }

    /// <summary>Stops scraping, then the host, which terminates the actor system.</summary>
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _scraping;
        await _web.StopAsync();
        await _web.DisposeAsync();
        _board.Dispose();
        _stop.Dispose();
    }
}
