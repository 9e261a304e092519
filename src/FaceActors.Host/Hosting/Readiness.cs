using FaceActors.Pipeline.Cameras;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace FaceActors.Host.Hosting;

/// <summary>
/// What /health/ready reports: ready once the models are loaded and at least one camera delivers frames. Set by the
/// run as it starts; read by the health check on request.
/// </summary>
public sealed class Readiness(CameraRegistry cameras)
{
    private volatile bool _modelsLoaded;

    public void ModelsLoaded() => _modelsLoaded = true;

    public HealthCheckResult Check()
    {
        if (!_modelsLoaded) return HealthCheckResult.Unhealthy("the models are loading");
        var online = cameras.All.Where(c => c.Value.State == CameraState.Online).Select(c => c.Key).ToList();
        return online.Count > 0
            ? HealthCheckResult.Healthy($"cameras online: {string.Join(", ", online)}")
            : HealthCheckResult.Unhealthy(cameras.All.Count == 0 ? "no camera has started" : "no camera is online");
    }
}

internal sealed class ReadinessCheck(Readiness readiness) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(readiness.Check());
}
