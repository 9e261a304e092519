using FaceActors.Host.Configuration;
using FaceActors.Host.Hosting;
using FaceActors.Host.Http;
using FaceActors.Pipeline.Cameras;
using FaceActors.Pipeline.Telemetry;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace FaceActors.Host.Benchmarking;

/// <summary>
/// The benchmark's metrics, exported as `run` exports them or not at all, so the two runs show what telemetry costs.
/// Exported: the same HTTP host as `run` on a free loopback port, with /metrics scraped every 5 s (the scrape
/// interval of grafana/prometheus.yml). Not exported: the instruments exist but nothing listens, which .NET makes
/// nearly free.
/// </summary>
internal sealed class BenchTelemetry : IAsyncDisposable
{
    private static readonly TimeSpan ScrapeInterval = TimeSpan.FromSeconds(5);

    private readonly WebApplication? _web;
    private readonly CameraBoard? _board;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _scraping;

    /// <param name="address">Where /metrics is served, to scrape; null when nothing is exported.</param>
    private BenchTelemetry(PipelineMetrics metrics, WebApplication? web, CameraBoard? board, string? address)
    {
        Metrics = metrics;
        _web = web;
        _board = board;
        _scraping = address is null ? Task.CompletedTask : ScrapeAsync(address, _stop.Token);
    }

    public PipelineMetrics Metrics { get; }

    public static async Task<BenchTelemetry> StartAsync(CameraRegistry registry, IReadOnlyList<CameraSettings> cameras, bool export)
    {
        if (!export) return new BenchTelemetry(new PipelineMetrics(registry), null, null, null);
        var http = new HttpSettings(Enabled: true, System.Net.IPAddress.Loopback, Port: 0, ApiKey: null, MaxUploadBytes: 1024 * 1024, ExportMetrics: true);
        var board = new CameraBoard(cameras, registry);
        var web = HttpHost.Build(http, registry, new Readiness(registry), new EventFeed(), board,
            LiveGallery.Without("A benchmark has no gallery to change over HTTP."), new LiveFrames(cameras));
        var address = await HttpHost.StartAsync(web, http, CancellationToken.None);
        return new BenchTelemetry(web.Services.GetRequiredService<PipelineMetrics>(), web, board, address);
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

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _scraping;
        if (_web is not null)
        {
            await _web.StopAsync();
            await _web.DisposeAsync(); // and with it the metrics it made
        }
        else Metrics.Dispose();
        _board?.Dispose();
        _stop.Dispose();
    }
}
