using System.Net;
using FaceActors.Host.Tests.Cli;
using FaceActors.TestSupport;

namespace FaceActors.Host.Tests.Http;

/// <summary>faceactors.metrics.enabled = off: the run serves health and its API, and no /metrics.</summary>
public sealed class MetricsSwitchSpecs : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task With_metrics_off_there_is_no_metrics_endpoint_and_health_still_answers()
    {
        var clip = ComposedClips.ObamaWalksIn(_temp.File("clip.avi"));
        var config = _temp.Write("faceactors.conf", $$"""
            faceactors {
              cameras = [{ name = door, kind = opencv, url = "{{clip}}", loop = on }]
              persistence.connection-string = "Data Source={{_temp.File("faceactors.db")}}"
              metrics.enabled = off
            }
            """);
        using var process = FaceActorsProcess.Start(["run", "--config", config, "--gallery",
            TestPaths.SharedData("face_recognition_examples/knn_examples/train"), "--http", "127.0.0.1:0"]);
        _ = process.StandardOutput.ReadToEndAsync();
        var stderr = new RunStderr(process);
        try
        {
            using var http = new HttpClient { BaseAddress = await stderr.AddressAsync(TimeSpan.FromMinutes(2)) };
            var live = await RunningProgram.EventuallyAsync(async () => await StatusOf(http, "health/live"), s => s == HttpStatusCode.OK,
                TimeSpan.FromMinutes(2), "an answer on /health/live");

            Assert.Equal(HttpStatusCode.OK, live);
            Assert.Equal(HttpStatusCode.NotFound, await StatusOf(http, "metrics"));
            Assert.Equal(HttpStatusCode.OK, await StatusOf(http, "api/cameras"));
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
        Assert.DoesNotContain("Unhandled exception", await stderr.AllAsync());
    }

    private static async Task<HttpStatusCode?> StatusOf(HttpClient http, string path)
    {
        try
        {
            return (await http.GetAsync(path)).StatusCode;
        }
        catch (HttpRequestException)
        {
            return null;
        }
    }
}
