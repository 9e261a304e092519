using System.Diagnostics.Metrics;
using Akka.Hosting;
using FaceActors.Configuration;
using FaceActors.Host.Http;
using FaceActors.Host.Logging;
using FaceActors.Review.Library;
using FaceActors.Pipeline.Cameras;
using FaceActors.Pipeline.Telemetry;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace FaceActors.Host.Hosting;

/// <summary>
/// The HTTP side of `run`, one .NET host: Kestrel on the configured address, the service defaults (metrics, health),
/// and the API over what the pipeline shares with it (the camera registry, the event feed, the persistent gallery, the live frames). Its service provider also
/// makes the pipeline's <see cref="PipelineMetrics"/>, on the meter factory OpenTelemetry reads.
/// </summary>
internal static class HttpHost
{
    /// <param name="akka">The actor system's configuration: Akka.Hosting starts the system with the host and terminates it when the host stops.</param>
    /// <param name="cluster">This process as a cluster node; null for a single process.</param>
    public static WebApplication Build(HttpSettings settings, Akka.Configuration.Config akka, ClusterSettings? cluster, CameraRegistry cameras, Readiness readiness, EventFeed events,
        CameraBoard board, LiveGallery gallery, LiveFrames frames, FaceReview? review = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        // The program logs to stderr through Akka's logger; ASP.NET Core says only what goes wrong.
        builder.Logging.ClearProviders().AddSimpleConsole(console => console.SingleLine = true).SetMinimumLevel(LogLevel.Warning)
            .AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        builder.Services.Configure<Microsoft.Extensions.Logging.Console.ConsoleLoggerOptions>(console => console.LogToStandardErrorThreshold = LogLevel.Trace);
        if (settings.Enabled)
        {
            builder.WebHost.ConfigureKestrel(kestrel =>
            {
                kestrel.Listen(settings.Address, settings.Port, listen =>
                {
                    if (settings.Certificate is var (path, password)) listen.UseHttps(path, password);
                });
                kestrel.Limits.MaxRequestBodySize = settings.MaxUploadBytes;
            });
        }
        else builder.Services.AddSingleton<IServer, NoListener>();
        // A cluster node's camera entities resolve the node's services from here (filled once the models are loaded).
        if (cluster is not null) builder.Services.AddSingleton<FaceActors.Cluster.Sharding.NodeServices>();
        builder.Services.AddAkka(ClusterSettings.SystemName, (akkaBuilder, _) =>
        {
            akkaBuilder.AddHocon(akka, HoconAddMode.Prepend);
            akkaBuilder.AddHocon(StandardErrorLogger.Hocon, HoconAddMode.Prepend);
            if (cluster is not null) akkaBuilder.WithFaceActorsCluster(cluster);
        });
        builder.AddServiceDefaults(readiness, settings.ExportMetrics);
        builder.AddAccess(settings);
        builder.Services.AddProblemDetails();
        builder.Services.AddSingleton(services => new PipelineMetrics(cameras, services.GetRequiredService<IMeterFactory>()));

        var app = builder.Build();
        // An unexpected error is problem details (500), never a bare response or a stack trace.
        app.UseExceptionHandler();
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapDefaultEndpoints(settings.ExportMetrics);
        app.MapLogin(settings);
        var clusterView = cluster is null ? null
            : new ClusterView(() => app.Services.GetRequiredService<Akka.Actor.ActorSystem>(), board, cameras, settings.ApiKey);
        if (clusterView is null) app.MapGet("/api/cameras", () => board.Snapshot());
        else
        {
            app.MapGet("/api/cameras", clusterView.SnapshotAsync);
            app.MapGet("/api/cluster/scrape-targets", clusterView.ScrapeTargetsAsync);
            app.Lifetime.ApplicationStopped.Register(clusterView.Dispose);
        }
        app.MapEventsApi(events);
        app.MapGalleryApi(gallery);
        app.MapFaceLibrary(gallery, review);
        app.MapLiveView(frames, new ProcessSampler(), WebAssets.VendorDirectory, clusterView);
        return app;
    }

    /// <summary>Starts the host (the actor system, and listening when HTTP is on); a port in use is a configuration error naming the key.</summary>
    /// <returns>The address listened on; null when HTTP is off.</returns>
    public static async Task<string?> StartAsync(WebApplication app, HttpSettings settings, CancellationToken cancellation)
    {
        try
        {
            await app.StartAsync(cancellation);
        }
        catch (IOException e)
        {
            throw new ConfigurationError("faceactors.http.port",
                $"cannot listen on {settings.Address}:{settings.Port} ({e.Message}); choose another port, or pass --http HOST:PORT");
        }
        return settings.Enabled ? app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First() : null;
    }
}
