using System.Net;
using System.Text.Json;
using FaceActors.Configuration;
using FaceActors.Host.Hosting;
using FaceActors.Host.Http;
using FaceActors.Pipeline.Cameras;
using Microsoft.AspNetCore.Builder;
using FaceActors.Node.Running;

namespace FaceActors.Host.Tests.Http;

/// <summary>The HTTP host as `run` builds it, in this process, with one more endpoint that fails as a bug would.</summary>
public sealed class ErrorSpecs
{
    [Fact]
    public async Task An_unexpected_error_is_answered_as_problem_details_without_the_exception()
    {
        var settings = new HttpSettings(Enabled: true, IPAddress.Loopback, Port: 0, ApiKey: null, MaxUploadBytes: 1024, ExportMetrics: false);
        var cameras = new CameraRegistry();
        using var board = new CameraBoard([], cameras);
        await using var app = HttpHost.Build(settings, RunningPipeline.AkkaConfig(null), cluster: null, cameras, new Readiness(cameras), new EventFeed(), board,
            LiveGallery.Without("no gallery in this spec"), new LiveFrames([]));
        app.MapGet("/fails", string () => throw new InvalidOperationException("secret internals"));
        var address = await HttpHost.StartAsync(app, settings, CancellationToken.None);
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri(address!) };
            using var response = await http.GetAsync("/fails");

            Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
            Assert.Equal(500, problem.GetProperty("status").GetInt32());
            Assert.DoesNotContain("secret internals", problem.ToString());
        }
        finally
        {
            await app.StopAsync();
        }
    }
}
