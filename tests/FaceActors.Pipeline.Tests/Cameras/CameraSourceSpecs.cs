using Akka.Streams.Dsl;
using Akka.Streams.TestKit;
using Akka.Streams;
using Akka.TestKit;
using Akka;
using FaceActors.Pipeline.Cameras.Sources;
using FaceActors.Pipeline.Cameras;
using FaceActors.Testbed.Cameras;
using FaceActors.Testbed.Processes;
using Xunit.Abstractions;

namespace FaceActors.Pipeline.Tests.Cameras;

/// <summary>
/// Cameras against the real things: clips made by ffmpeg, a real RTSP server fed by ffmpeg, and a real
/// HTTP server speaking multipart JPEG. Bounds are generous: the machine has two cores.
/// </summary>
[Collection(RtspServers.Name)]
public sealed class CameraSourceSpecs : Akka.TestKit.Xunit2.TestKit, IClassFixture<TestClips>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);
    private static readonly CameraBackoff QuickBackoff = new(TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(1), 0.1);

    private readonly TestClips _clips;
    private readonly ActorMaterializer _materializer;

    public CameraSourceSpecs(TestClips clips, ITestOutputHelper output) : base(output: output)
    {
        _clips = clips;
        _materializer = Sys.Materializer();
    }

    [Fact]
    public void An_ffmpeg_source_should_read_every_frame_of_a_file_at_the_output_size()
    {
        this.AssertAllStagesStopped(() =>
        {
            var settings = new CameraSettings("file", CameraKind.Ffmpeg, _clips.H264) { Width = 320, Height = 240, RealTime = false };
            var frames = Await(FfmpegFrameSource.Create(settings, FramePool.For(settings)).RunWith(Sink.Seq<CameraFrame>(), _materializer));

            Assert.InRange(frames.Count, TestClips.FrameCount - 1, TestClips.FrameCount + 1);
            Assert.All(frames, frame => Assert.Equal((320, 240), (frame.Image.Width, frame.Image.Height)));
            Assert.Equal(Enumerable.Range(1, frames.Count).Select(n => (long)n), frames.Select(frame => frame.Sequence));
            foreach (var frame in frames) frame.Dispose();
        }, _materializer);
        AssertNoFfmpegChildLeft();
    }

    [Fact]
    public void An_ffmpeg_source_should_fail_with_what_ffmpeg_said()
    {
        this.AssertAllStagesStopped(() =>
        {
            // Nothing listens on the discard port.
            var settings = new CameraSettings("nowhere", CameraKind.Ffmpeg, "http://127.0.0.1:9/stream.mjpg");
            var run = FfmpegFrameSource.Create(settings, FramePool.For(settings)).RunWith(Sink.Ignore<CameraFrame>(), _materializer);

            var failure = Assert.ThrowsAny<Exception>(() => run.Wait(Patience)).GetBaseException();
            var error = Assert.IsType<CameraSourceException>(failure);
            Assert.Contains("ffmpeg exited with code", error.Message);
            Assert.Contains("Connection refused", error.Message);
        }, _materializer);
        AssertNoFfmpegChildLeft();
    }

    [Fact]
    public void An_ffmpeg_camera_should_loop_a_file_with_sequence_numbers_running_on()
    {
        var states = CreateTestProbe();
        this.AssertAllStagesStopped(() =>
        {
            var settings = new CameraSettings("looping", CameraKind.Ffmpeg, _clips.H264) { Width = 320, Height = 240, RealTime = false, Loop = true };
            var counters = new CameraCounters();
            var frames = Await(CameraSource.Create(settings, new ActorCameraStateObserver(states.Ref), counters, FramePool.For(settings))
                .Take(TestClips.FrameCount * 2 + 10)
                .RunWith(Sink.Seq<CameraFrame>(), _materializer));

            AssertNumberedOn(frames.Select(frame => frame.Sequence));
            Assert.All(frames, frame => Assert.Equal("looping", frame.CameraId));
            foreach (var frame in frames) frame.Dispose();
        }, _materializer);
        // One ffmpeg ran the whole time: a loop is not a restart.
        Assert.Equal(CameraState.Online, states.ExpectMsg<CameraStateChanged>().State);
        Assert.Equal(CameraState.Offline, states.ExpectMsg<CameraStateChanged>().State);
        AssertNoFfmpegChildLeft();
    }

    [Theory]
    [InlineData("clip.mp4")]
    [InlineData("clip.avi")]
    public void An_opencv_source_should_read_every_frame_of_a_file_at_the_output_size(string clip)
    {
        this.AssertAllStagesStopped(() =>
        {
            var path = clip.EndsWith(".avi") ? _clips.MjpegAvi : _clips.H264;
            var settings = new CameraSettings("file", CameraKind.OpenCv, path) { Width = 320, Height = 240, RealTime = false };
            var frames = Await(OpenCvFrameSource.Create(settings, FramePool.For(settings)).RunWith(Sink.Seq<CameraFrame>(), _materializer));

            Assert.Equal(TestClips.FrameCount, frames.Count);
            Assert.All(frames, frame => Assert.Equal((320, 240), (frame.Image.Width, frame.Image.Height)));
            foreach (var frame in frames) frame.Dispose();
        }, _materializer);
    }

    [Fact]
    public void An_opencv_camera_should_play_a_file_at_its_own_rate_and_go_offline_at_its_end()
    {
        var states = CreateTestProbe();
        this.AssertAllStagesStopped(() =>
        {
            var settings = new CameraSettings("once", CameraKind.OpenCv, _clips.H264);
            var clock = System.Diagnostics.Stopwatch.StartNew();
            var frames = Await(CameraSource.Create(settings, new ActorCameraStateObserver(states.Ref), new CameraCounters(), FramePool.For(settings))
                .RunWith(Sink.Seq<CameraFrame>(), _materializer));

            Assert.Equal(TestClips.FrameCount, frames.Count);
            // 45 frames at 15 fps are due over 44/15 s; well under that would mean no pacing at all.
            Assert.True(clock.Elapsed > TimeSpan.FromSeconds(2.5), $"played in {clock.Elapsed}");
            foreach (var frame in frames) frame.Dispose();
        }, _materializer);
        Assert.Equal(CameraState.Online, states.ExpectMsg<CameraStateChanged>().State);
        var offline = states.ExpectMsg<CameraStateChanged>();
        Assert.Equal((CameraState.Offline, "the file ended"), (offline.State, offline.Reason));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public void A_camera_should_keep_only_its_newest_frames_when_downstream_is_slow_and_count_the_drops(int framesWaiting)
    {
        this.AssertAllStagesStopped(() =>
        {
            var settings = new CameraSettings("slow consumer", CameraKind.OpenCv, _clips.H264) { RealTime = false, FramesWaiting = framesWaiting };
            var counters = new CameraCounters();
            var consumer = CameraSource.Create(settings, new ActorCameraStateObserver(TestActor), counters, FramePool.For(settings))
                .RunWith(this.SinkProbe<CameraFrame>(), _materializer);

            // Frames are read as fast as the file gives them, so the first one asked for may already have been replaced
            // by a newer one; either way the last frames are still to come.
            using (var first = consumer.RequestNext(Patience)) Assert.InRange(first.Sequence, 1, TestClips.FrameCount - framesWaiting);
            // The whole file is read meanwhile; only its last frames wait, oldest first.
            AwaitCondition(() => counters.FramesCaptured == TestClips.FrameCount, Patience);
            for (var sequence = TestClips.FrameCount - framesWaiting + 1; sequence <= TestClips.FrameCount; sequence++)
                using (var waiting = consumer.RequestNext(Patience)) Assert.Equal(sequence, waiting.Sequence);
            consumer.Request(1).ExpectComplete();
            Assert.Equal(TestClips.FrameCount - 1 - framesWaiting, counters.FramesDropped);
        }, _materializer);
    }

    [Fact]
    public void An_ffmpeg_camera_should_reconnect_to_an_rtsp_server_whose_publisher_comes_back_while_another_camera_runs_on()
    {
        using var server = new RtspServer();
        server.Publish(_clips.H264);
        var rtspStates = CreateTestProbe();
        var fileStates = CreateTestProbe();
        this.AssertAllStagesStopped(() =>
        {
            var rtsp = new CameraSettings("rtsp", CameraKind.Ffmpeg, server.Url)
            {
                RtspTransport = RtspTransport.Udp, StallTimeout = TimeSpan.FromSeconds(3), Backoff = QuickBackoff,
            };
            var file = new CameraSettings("file", CameraKind.Ffmpeg, _clips.H264) { Loop = true, Backoff = QuickBackoff };
            var rtspCounters = new CameraCounters();
            var fileCounters = new CameraCounters();
            var rtspRun = Run(CameraSource.Create(rtsp, new ActorCameraStateObserver(rtspStates.Ref), rtspCounters, FramePool.For(rtsp)));
            var fileRun = Run(CameraSource.Create(file, new ActorCameraStateObserver(fileStates.Ref), fileCounters, FramePool.For(file)));

            // The camera may start before the publisher has announced the stream (404, Reconnecting), and a busy
            // machine (the other test projects run alongside) can hold the publisher's start up for a while: the first
            // connection gets longer than the reconnection this spec is about.
            rtspStates.FishForMessage<CameraStateChanged>(change => change.State == CameraState.Online, TimeSpan.FromMinutes(1));
            Assert.Equal(CameraState.Online, fileStates.ExpectMsg<CameraStateChanged>(Patience).State);
            using var fileFrames = new FrameCountWatch(fileCounters);
            AwaitCondition(() => rtspCounters.FramesCaptured >= 15, Patience);

            server.StopPublishing();
            var reconnecting = rtspStates.ExpectMsg<CameraStateChanged>(Patience);
            Assert.Equal(CameraState.Reconnecting, reconnecting.State);
            Output.WriteLine($"rtsp camera reconnecting: {reconnecting.Reason}");

            var framesBeforeReturn = rtspCounters.FramesCaptured;
            server.Publish(_clips.H264);
            var back = System.Diagnostics.Stopwatch.StartNew();
            Assert.Equal(CameraState.Online, rtspStates.ExpectMsg<CameraStateChanged>(Patience).State);
            Assert.True(back.Elapsed < TimeSpan.FromSeconds(10), $"online again {back.Elapsed} after the stream returned");
            AwaitCondition(() => rtspCounters.FramesCaptured >= framesBeforeReturn + 15, Patience);

            // At 15 fps a frame is due every 67 ms; two still seconds would mean the other camera was held up.
            Assert.True(fileFrames.LongestStill < TimeSpan.FromSeconds(2), $"the file camera's frame count stood still for {fileFrames.LongestStill}");
            rtspRun.Shutdown();
            fileRun.Shutdown();
            Assert.Equal(CameraState.Offline, rtspStates.ExpectMsg<CameraStateChanged>(Patience).State);
            Assert.Equal(CameraState.Offline, fileStates.ExpectMsg<CameraStateChanged>(Patience).State);
        }, _materializer);
        server.StopPublishing();
        // The ffmpeg children left are the cameras'; there must be none.
        AssertNoFfmpegChildLeft();
    }

    [Fact]
    public void An_mjpeg_camera_should_skip_a_corrupt_part_and_reconnect_after_a_stall_and_when_the_server_stops()
    {
        using var server = new MjpegCameraServer(TestClips.NumberedJpegs(), TestClips.Fps, corruptPartOfEachConnection: 3);
        var states = CreateTestProbe();
        this.AssertAllStagesStopped(() =>
        {
            var settings = new CameraSettings("mjpeg", CameraKind.Mjpeg, server.Url)
            {
                Width = 320, Height = 240, StallTimeout = TimeSpan.FromSeconds(2), Backoff = QuickBackoff,
            };
            var counters = new CameraCounters();
            var sequences = new System.Collections.Concurrent.ConcurrentQueue<long>();
            var consumer = CameraSource.Create(settings, new ActorCameraStateObserver(states.Ref), counters, FramePool.For(settings))
                .Select(frame =>
                {
                    using (frame) sequences.Enqueue(frame.Image.Width == 320 && frame.Image.Height == 240 ? frame.Sequence : -1);
                    return NotUsed.Instance;
                })
                .RunWith(this.SinkProbe<NotUsed>(), _materializer);
            consumer.Request(long.MaxValue);

            Assert.Equal(CameraState.Online, states.ExpectMsg<CameraStateChanged>(Patience).State);
            AwaitCondition(() => counters.FramesCaptured >= 10, Patience);
            Assert.Equal(1, counters.DecodeErrors);

            server.Stalled = true;
            var stalled = states.ExpectMsg<CameraStateChanged>(Patience);
            Assert.Equal((CameraState.Reconnecting, "stalled: no frame for 2 s"), (stalled.State, stalled.Reason));
            server.Stalled = false;
            Assert.Equal(CameraState.Online, states.ExpectMsg<CameraStateChanged>(Patience).State);

            server.Dispose();
            var stopped = states.ExpectMsg<CameraStateChanged>(Patience);
            Assert.Equal(CameraState.Reconnecting, stopped.State);
            Output.WriteLine($"mjpeg camera reconnecting: {stopped.Reason}");

            consumer.Cancel();
            Assert.Equal(CameraState.Offline, states.ExpectMsg<CameraStateChanged>(Patience).State);
            // Every frame at the output size (-1 marks one that was not), numbered on across both restarts.
            AssertNumberedOn(sequences);
            Assert.InRange(counters.FramesCaptured - counters.FramesDropped - sequences.Count, 0, settings.FramesWaiting);
        }, _materializer);
    }

    [Fact]
    public void A_camera_whose_pipeline_fails_is_reported_reconnecting_not_offline_and_a_stopped_one_offline()
    {
        var states = CreateTestProbe();
        this.AssertAllStagesStopped(() =>
        {
            var settings = new CameraSettings("fine", CameraKind.Mjpeg, "http://127.0.0.1/unused") { Backoff = QuickBackoff };
            var endless = () => Source.Repeat(0).Select(n => new CameraFrame("raw", n, DateTimeOffset.UtcNow, new OpenCvSharp.Mat(2, 2, OpenCvSharp.MatType.CV_8UC3)));
            var failed = CameraSource.Supervise(settings, endless, new ActorCameraStateObserver(states.Ref), new CameraCounters())
                .Select(frame => frame.Sequence < 3 ? frame : throw new InvalidOperationException("the tracker broke"))
                .RunWith(Sink.Ignore<CameraFrame>(), _materializer);
            Assert.ThrowsAny<Exception>(() => failed.Wait(Patience));

            Assert.Equal(CameraState.Online, states.ExpectMsg<CameraStateChanged>().State);
            var restarting = states.ExpectMsg<CameraStateChanged>();
            Assert.Equal(CameraState.Reconnecting, restarting.State);
            Assert.Contains("the pipeline failed (the tracker broke)", restarting.Reason);

            var stopped = CameraSource.Supervise(settings, endless, new ActorCameraStateObserver(states.Ref), new CameraCounters())
                .Take(3).RunWith(Sink.Ignore<CameraFrame>(), _materializer);
            Assert.True(stopped.Wait(Patience));
            Assert.Equal(CameraState.Online, states.ExpectMsg<CameraStateChanged>().State);
            Assert.Equal((CameraState.Offline, "stopped"), states.ExpectMsg<CameraStateChanged>() is var off ? (off.State, off.Reason) : default);
        }, _materializer);
    }

    [Fact]
    public void A_camera_should_restart_a_failing_source_and_number_its_frames_on()
    {
        var states = CreateTestProbe();
        this.AssertAllStagesStopped(() =>
        {
            // Each run gives three frames and fails, as a camera that keeps hanging up would.
            var settings = new CameraSettings("flaky", CameraKind.Mjpeg, "http://127.0.0.1/unused") { Backoff = QuickBackoff };
            var flaky = () => Source.From(Enumerable.Range(1, 4)).Select(n => n < 4
                ? new CameraFrame("raw", n, DateTimeOffset.UtcNow, new OpenCvSharp.Mat(2, 2, OpenCvSharp.MatType.CV_8UC3))
                : throw new IOException("the camera hung up"));
            var frames = Await(CameraSource.Supervise(settings, flaky, new ActorCameraStateObserver(states.Ref), new CameraCounters())
                .Take(7)
                .RunWith(Sink.Seq<CameraFrame>(), _materializer));

            AssertNumberedOn(frames.Select(frame => frame.Sequence));
            Assert.All(frames, frame => Assert.Equal("flaky", frame.CameraId));
            foreach (var frame in frames) frame.Dispose();
        }, _materializer);
        Assert.Equal(CameraState.Online, states.ExpectMsg<CameraStateChanged>().State);
        var reconnecting = states.ExpectMsg<CameraStateChanged>();
        Assert.Equal((CameraState.Reconnecting, "the camera hung up"), (reconnecting.State, reconnecting.Reason));
        Assert.Equal(CameraState.Online, states.ExpectMsg<CameraStateChanged>().State);
        var offline = states.FishForMessage<CameraStateChanged>(change => change.State == CameraState.Offline);
        Assert.Equal("stopped", offline.Reason);
    }

    [Fact]
    public async Task A_frame_a_reader_has_read_is_released_when_the_camera_stops_before_taking_it()
    {
        // A read ends on the thread pool and reaches its stage through the stream's mailbox; a stop can fall in between.
        var settings = new CameraSettings("reader", CameraKind.OpenCv, _clips.MjpegAvi) { Width = 320, Height = 240, RealTime = false, Loop = true };
        using var pool = FramePool.For(settings);
        await StopAtRandomMoments(() => CameraSource.Create(settings, new ActorCameraStateObserver(CreateTestProbe().Ref), new CameraCounters(), pool),
            runs: 250, longest: TimeSpan.FromMilliseconds(60));
        await AwaitAssertAsync(() => Assert.Equal(0, pool.Outstanding), Patience, TimeSpan.FromMilliseconds(50));
    }

    [Fact]
    public async Task A_frame_on_its_way_out_of_a_run_of_the_source_is_released_when_the_camera_stops()
    {
        // The restarting stream takes each frame of a run through a message to itself, and drops one that comes after its stop.
        var settings = new CameraSettings("restarting", CameraKind.Mjpeg, "http://127.0.0.1/unused") { Width = 32, Height = 24 };
        using var pool = FramePool.For(settings);
        var endless = () => Source.Repeat(0).Select(_ => pool.Frame("raw", 0, DateTimeOffset.UtcNow, pool.Rent()));
        await StopAtRandomMoments(() => CameraSource.Supervise(settings, endless, new ActorCameraStateObserver(CreateTestProbe().Ref), new CameraCounters()),
            runs: 1000, longest: TimeSpan.FromMilliseconds(5));
        await AwaitAssertAsync(() => Assert.Equal(0, pool.Outstanding), Patience, TimeSpan.FromMilliseconds(50));
    }

    /// <summary>Runs a camera into a consumer that holds each frame a moment, and stops it at a random moment, again and again.</summary>
    private async Task StopAtRandomMoments(Func<Source<CameraFrame, NotUsed>> camera, int runs, TimeSpan longest)
    {
        var random = new Random(20261205);
        for (var run = 0; run < runs; run++)
        {
            var (killSwitch, done) = camera()
                .ViaMaterialized(KillSwitches.Single<CameraFrame>(), Keep.Right)
                .SelectAsync(1, async frame =>
                {
                    await Task.Yield();
                    frame.Dispose();
                    return Done.Instance;
                })
                .ToMaterialized(Sink.Ignore<Done>(), Keep.Both)
                .Run(_materializer);
            await Task.Delay(random.Next((int)longest.TotalMilliseconds + 1));
            killSwitch.Shutdown();
            await done.WaitAsync(Patience);
        }
    }

    [Fact]
    public void An_ffmpeg_camera_without_ffmpeg_should_say_how_to_install_it()
    {
        var settings = new CameraSettings("no ffmpeg", CameraKind.Ffmpeg, _clips.H264) { FfmpegPath = "/nonexistent/ffmpeg" };
        var error = Assert.Throws<FfmpegNotFoundException>(() => CameraSource.Create(settings, new ActorCameraStateObserver(TestActor), new CameraCounters(), FramePool.For(settings)));
        Assert.Contains("apt-get install ffmpeg", error.Message);
    }

    [Fact]
    public void Camera_settings_should_list_every_problem()
    {
        var settings = new CameraSettings("bad", CameraKind.OpenCv, "rtsp://127.0.0.1/cam") { Width = 0, Fps = -1 };
        var error = Assert.Throws<CameraSettingsException>(() => settings.Validate());
        Assert.Contains(error.Problems, problem => problem.Contains("use kind ffmpeg"));
        Assert.Contains(error.Problems, problem => problem.Contains("width and height must be positive"));
        Assert.Contains(error.Problems, problem => problem.Contains("fps must be in"));
    }

    /// <summary>
    /// A stream's stages can stop a moment before its ffmpeg is reaped (a stage's close runs on after it), so
    /// this waits a little; an ffmpeg that outlives that is a leak.
    /// </summary>
    private void AssertNoFfmpegChildLeft() =>
        AwaitAssert(() => Assert.Empty(ChildProcesses.Named("ffmpeg")), TimeSpan.FromSeconds(10), TimeSpan.FromMilliseconds(100));

    /// <summary>Sequence numbers rise without repeats across restarts; a gap is a frame dropped for a newer one.</summary>
    private static void AssertNumberedOn(IEnumerable<long> sequences)
    {
        var numbers = sequences.ToList();
        Assert.NotEmpty(numbers);
        Assert.True(numbers[0] >= 1, $"the first frame is numbered {numbers[0]}");
        Assert.All(numbers.Zip(numbers.Skip(1)), pair => Assert.True(pair.Second > pair.First, $"frame {pair.Second} came after {pair.First}"));
    }

    private static T Await<T>(Task<T> task) =>
        task.Wait(Patience) ? task.Result : throw new TimeoutException($"The stream did not finish within {Patience}.");

    private RunningCamera Run(Source<CameraFrame, NotUsed> camera)
    {
        var (killSwitch, done) = camera
            .ViaMaterialized(KillSwitches.Single<CameraFrame>(), Keep.Right)
            .ToMaterialized(Sink.ForEach<CameraFrame>(frame => frame.Dispose()), Keep.Both)
            .Run(_materializer);
        return new RunningCamera(killSwitch, done);
    }

    private sealed record RunningCamera(UniqueKillSwitch KillSwitch, Task<Done> Done)
    {
        public void Shutdown()
        {
            KillSwitch.Shutdown();
            Assert.True(Done.Wait(Patience), "the camera's stream did not stop");
        }
    }

    /// <summary>Samples a camera's frame count and remembers the longest time it stood still.</summary>
    private sealed class FrameCountWatch : IDisposable
    {
        private readonly CameraCounters _counters;
        private readonly System.Diagnostics.Stopwatch _clock = System.Diagnostics.Stopwatch.StartNew();
        private readonly Timer _timer;
        private readonly Lock _gate = new();
        private long _lastCount;
        private TimeSpan _lastRise;
        private TimeSpan _longestStill;

        public FrameCountWatch(CameraCounters counters)
        {
            _counters = counters;
            _lastCount = counters.FramesCaptured;
            _timer = new Timer(_ => Sample(), null, TimeSpan.Zero, TimeSpan.FromMilliseconds(100));
        }

        public TimeSpan LongestStill
        {
            get
            {
                lock (_gate) return _longestStill;
            }
        }

        public void Dispose() => _timer.Dispose();

        private void Sample()
        {
            lock (_gate)
            {
                var now = _clock.Elapsed;
                var count = _counters.FramesCaptured;
                if (count > _lastCount)
                {
                    _lastCount = count;
                    _lastRise = now;
                }
                else if (now - _lastRise > _longestStill) _longestStill = now - _lastRise;
            }
        }
    }
}
