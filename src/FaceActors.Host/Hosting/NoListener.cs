using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Http.Features;

namespace FaceActors.Host.Hosting;

/// <summary>
/// The server of a host that must not listen (faceactors.http.enabled = off): the host still runs the actor system
/// (Akka.Hosting) and the metrics, and nothing is opened to the network.
/// </summary>
internal sealed class NoListener : IServer
{
    public IFeatureCollection Features { get; } = new FeatureCollection();

    public Task StartAsync<TContext>(IHttpApplication<TContext> application, CancellationToken cancellationToken) where TContext : notnull => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public void Dispose()
    {
    }
}
