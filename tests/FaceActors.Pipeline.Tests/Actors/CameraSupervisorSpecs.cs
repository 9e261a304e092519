using Akka.Actor;
using Akka.Streams.Dsl;
using Akka.TestKit.Xunit2;
using FaceActors.Pipeline.Actors;
using FaceActors.Pipeline.Cameras;
using FaceActors.Pipeline.Gating;
using FaceActors.Pipeline.Telemetry;
using FaceActors.Pipeline.Tests.Cameras;
using FaceActors.Pipeline.Tracking;
using FaceActors.TestSupport;
using FaceActors.Testbed.Processes;
using Xunit.Abstractions;

namespace FaceActors.Pipeline.Tests.Actors;

/// <summary>
/// Cameras under the supervisor, with the real shared models: what one camera's trouble does, and does not do. They load
/// both cores for a minute, so they run alone, not beside the RTSP and timing-sensitive specs.
/// </summary>
[Collection(LoadsTheMachine.Name)]
public sealed class CameraSupervisorSpecs : TestKit, IClassFixture<RecognitionModels>, IClassFixture<FacesClip>
{
    private readonly RecognitionModels _models;
    private readonly FacesClip _clip;

    public CameraSupervisorSpecs(RecognitionModels models, FacesClip clip, ITestOutputHelper output) : base(output: output)
    {
        _models = models;
        _clip = clip;
    }

    private SharedInference Inference(TimeSpan askTimeout) => new(
        Sys.ActorOf(FaceDetectionActor.Props(_models.Detector)),
        Sys.ActorOf(EmbeddingActor.Props(_models.Embedder)),
        PersonDetection: null, _models.Matcher, askTimeout);

    private (IActorRef Supervisor, CameraRegistry Registry, TaskCompletionSource AllEnded) Start(IReadOnlyList<CameraSettings> cameras,
        SharedInference inference, GateOptions gate, int maxRestarts = SupervisedCamera.DefaultMaxRestarts)
    {
        var registry = new CameraRegistry();
        var allEnded = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var metrics = new PipelineMetrics(registry);
        var node = new CameraNode(inference, gate, TrackerOptions.Default, Sink.Ignore<TrackEvent>().MapMaterializedValue(_ => Akka.NotUsed.Instance), metrics);
        var supervisor = Sys.ActorOf(CameraSupervisorActor.Props(cameras, node, allEnded, registry, maxRestarts));
        return (supervisor, registry, allEnded);
    }

    private CameraSettings Looping(string name) =>
        new(name, CameraKind.OpenCv, _clip.Path) { Loop = true, Backoff = new CameraBackoff(TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(1), 0) };

    [Fact]
    public void Asks_that_time_out_far_sooner_than_inference_cost_only_frames_for_a_minute_with_no_crash_no_restart_and_no_leaked_frame()
    {
        // Every frame goes to face detection, whose Ask gives up long before MTCNN is done with the frame: each timed-out
        // frame is released by the stream while the model still reads it (or has yet to), on two cameras at once.
        var (supervisor, registry, _) = Start([Looping("a"), Looping("b")], Inference(TimeSpan.FromMilliseconds(5)), GateOptions.Default with { EveryFrame = true });

        var until = DateTime.UtcNow + TimeSpan.FromMinutes(1);
        while (DateTime.UtcNow < until) Thread.Sleep(1000);

        var counters = registry.All.ToDictionary(c => c.Key, c => c.Value);
        foreach (var (name, c) in counters)
            Output.WriteLine($"{name}: captured {c.FramesCaptured}, processed {c.FramesProcessed}, failed {c.FramesFailed}, dropped {c.FramesDropped}, in flight {c.FramesInFlight}, reconnects {c.Reconnects}");
        Assert.All(counters.Values, c =>
        {
            Assert.True(c.FramesFailed > 100, $"only {c.FramesFailed} frames failed: the timeouts did not happen");
            Assert.Equal(0, c.Reconnects);
            Assert.Equal(CameraState.Online, c.State);
        });

        supervisor.Tell(CameraSupervisorActor.StopCameras.Instance);
        ExpectMsg<CameraSupervisorActor.CamerasStopped>(TimeSpan.FromSeconds(30));
        // The models finish what their mailboxes still hold, and release those frames too.
        AwaitAssert(() => Assert.All(counters.Values, c => Assert.Equal(0, c.FramesInFlight)), TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task A_camera_that_fails_as_it_starts_is_restarted_with_backoff_then_given_up_while_the_others_run_on()
    {
        // Valid when configured, gone by the time the camera starts: its PreStart throws on every try.
        var gone = _clip.Path + ".gone.avi";
        File.Copy(_clip.Path, gone, overwrite: true);
        var broken = new CameraSettings("broken", CameraKind.OpenCv, gone) { Loop = true, Backoff = new CameraBackoff(TimeSpan.FromMilliseconds(300), TimeSpan.FromSeconds(5), 0) };
        File.Delete(gone);
        var started = DateTime.UtcNow;

        var (supervisor, _, allEnded) = Start([broken, Looping("fine")], Inference(TimeSpan.FromSeconds(10)), GateOptions.Default, maxRestarts: 3);

        await AwaitAssertAsync(async () =>
        {
            var cameras = (await supervisor.Ask<CameraSupervisorActor.Cameras>(CameraSupervisorActor.GetCameras.Instance)).All.ToDictionary(c => c.CameraId);
            Assert.Equal(CameraState.Offline, cameras["broken"].State);
            Assert.Contains("given up", cameras["broken"].Reason);
            Assert.Equal(CameraState.Online, cameras["fine"].State);
        }, TimeSpan.FromSeconds(30));
        // Four starts with pauses of 0.3, 0.6 and 1.2 s between them: no tight loop.
        Assert.True(DateTime.UtcNow - started >= TimeSpan.FromSeconds(2), $"gave up after {(DateTime.UtcNow - started).TotalSeconds:0.0} s");
        Assert.False(allEnded.Task.IsCompleted);
    }
}

/// <summary>A 3-second clip of two_people.jpg (two faces on every frame), 640x480 at 15 fps, made with ffmpeg.</summary>
public sealed class FacesClip : IDisposable
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("faceactors-faces-clip-");

    public FacesClip()
    {
        var exit = ChildProcesses.Run("ffmpeg", ["-hide_banner", "-loglevel", "error", "-nostdin", "-y", "-loop", "1", "-i", TestPaths.SharedData(TestFrames.TwoPeople),
            "-t", "3", "-r", "15", "-vf", "scale=640:480", "-c:v", "mjpeg", "-q:v", "5", Path], TimeSpan.FromSeconds(60));
        if (exit.Code != 0) throw new InvalidOperationException($"ffmpeg could not make {Path}: {exit.Stderr}. Install it with `apt-get install ffmpeg`.");
    }

    public string Path => System.IO.Path.Combine(_folder.FullName, "faces.avi");

    public void Dispose() => _folder.Delete(recursive: true);
}

/// <summary>Specs that keep both cores busy for long; xunit runs this collection after the others, on its own.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class LoadsTheMachine
{
    public const string Name = "loads the machine";
}
