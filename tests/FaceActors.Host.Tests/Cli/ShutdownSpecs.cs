using System.Diagnostics;
using FaceActors.TestSupport;
using FaceActors.Testbed.Processes;

namespace FaceActors.Host.Tests.Cli;

/// <summary>Ctrl-C on a running `run`: the cameras' streams stop, the recognition log writes what it holds, ffmpeg children end.</summary>
public sealed class ShutdownSpecs : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task Ctrl_c_stops_the_run_cleanly_and_leaves_no_ffmpeg_behind()
    {
        var clip = ComposedClips.ObamaWalksIn(_temp.File("clip.avi"));
        var database = _temp.File("faceactors.db");
        var config = _temp.Write("faceactors.conf", $$"""
            faceactors {
              cameras = [
                { name = door, kind = ffmpeg, url = "{{clip}}", loop = on }
                { name = yard, kind = ffmpeg, url = "{{clip}}", loop = on }
              ]
              persistence.connection-string = "Data Source={{database}}"
            }
            """);
        using var process = FaceActorsProcess.Start(["run", "--config", config, "--yolo", TestPaths.SharedModel("yolox_nano/yolox_nano.onnx"),
            "--gallery", TestPaths.SharedData("face_recognition_examples/knn_examples/train"), "--http", "127.0.0.1:0"]);
        try
        {
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = new Http.RunStderr(process);
            using var http = new HttpClient { BaseAddress = await stderr.AddressAsync(TimeSpan.FromMinutes(2)) };

            // Running for real: both ffmpeg cameras online, and someone named (so the log has something to write).
            var clock = Stopwatch.StartNew();
            while (!(await IsReady(http) && ProcessTree.ChildrenNamed("ffmpeg", process.Id).Count == 2))
            {
                if (process.HasExited) Assert.Fail($"run ended early: {await stderr.AllAsync()}");
                Assert.True(clock.Elapsed < TimeSpan.FromMinutes(2), "run was not ready with two ffmpeg cameras within 2 minutes");
                await Task.Delay(250);
            }
            await Task.Delay(TimeSpan.FromSeconds(8));
            // Orphans would be adopted by init, so the children are noted now and looked for by id afterwards.
            var ffmpegs = ProcessTree.ChildrenNamed("ffmpeg", process.Id);

            Assert.Equal(0, ProcessTree.Signal(process.Id, ProcessTree.SigInt));
            var ended = process.WaitForExit(TimeSpan.FromSeconds(30));

            Assert.True(ended, $"run did not stop within 30 s of Ctrl-C (was SIGINT ignored? A job started with & in a non-interactive shell ignores it); it said:\n{stderr.Text}");
            Assert.True(process.ExitCode == 0, $"exit {process.ExitCode}: {await stderr.AllAsync()}");
            Assert.Contains("Stopping.", await stderr.AllAsync());
            Assert.Contains("identity_assigned", await stdout);
            // Obama stands in both cameras' pictures at Ctrl-C: the stop ends every open track, and those events are written.
            var lines = (await stdout).Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => System.Text.Json.JsonDocument.Parse(line).RootElement).ToList();
            (string, long)[] Tracks(string type) => lines.Where(e => e.GetProperty("type").GetString() == type)
                .Select(e => (e.GetProperty("camera").GetString()!, e.GetProperty("track").GetInt64())).Order().ToArray();
            Assert.NotEmpty(Tracks("track_started"));
            Assert.Equal(Tracks("track_started"), Tracks("track_ended"));
            Assert.DoesNotContain(ffmpegs, ProcessTree.IsAlive);
            var logged = FaceActorsProcess.Run("events", "--identity", "obama", "--json", "--config", config);
            Assert.True(logged.ExitCode == 0 && logged.Json.GetArrayLength() > 0, $"the recognition log holds no recognition of obama: {logged}");
        }
        finally
        {
            // A run that did not stop must not outlive the test.
            if (!process.HasExited) process.Kill(entireProcessTree: true);
        }
    }

    private static async Task<bool> IsReady(HttpClient http)
    {
        try
        {
            return (await http.GetAsync("health/ready")).IsSuccessStatusCode;
        }
        catch (HttpRequestException)
        {
            return false;
        }
    }
}
