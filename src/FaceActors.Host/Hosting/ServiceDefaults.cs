using FaceActors.Pipeline.Telemetry;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;

namespace FaceActors.Host.Hosting;

/// <summary>
/// The one place that wires what a FaceActors host serves besides its own endpoints, in the manner of .NET's
/// ServiceDefaults: OpenTelemetry metrics (the pipeline's meter, the .NET runtime's, the process's) exported for
/// Prometheus at /metrics, and health at /health/live (the process answers) and /health/ready (see <see cref="Readiness"/>).
/// </summary>
internal static class ServiceDefaults
{
    private const string LiveTag = "live";
    private const string ReadyTag = "ready";

    /// <param name="exportMetrics">Off, nothing listens to the meters (the instruments then cost next to nothing) and there is no /metrics.</param>
    public static WebApplicationBuilder AddServiceDefaults(this WebApplicationBuilder builder, Readiness readiness, bool exportMetrics)
    {
        if (exportMetrics)
        {
            builder.Services.AddOpenTelemetry()
                .ConfigureResource(resource => resource.AddService("faceactors"))
                .WithMetrics(metrics => metrics
                    .AddMeter(PipelineMetrics.MeterName, FaceActors.Mqtt.Publishing.MqttPublisher.MeterName)
                    .AddRuntimeInstrumentation()
                    .AddProcessInstrumentation()
                    .AddPrometheusExporter());
        }
        builder.Services.AddSingleton(readiness);
        builder.Services.AddHealthChecks()
            .AddCheck("process", () => HealthCheckResult.Healthy(), tags: [LiveTag])
            .AddCheck<ReadinessCheck>("pipeline", tags: [ReadyTag]);
        return builder;
    }

    public static WebApplication MapDefaultEndpoints(this WebApplication app, bool exportMetrics)
    {
        if (exportMetrics) app.MapPrometheusScrapingEndpoint();
        // Health says nothing about faces or names: it stays open to probes wherever HTTP is bound.
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = check => check.Tags.Contains(LiveTag) }).AllowAnonymous();
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = check => check.Tags.Contains(ReadyTag) }).AllowAnonymous();
        return app;
    }
}
