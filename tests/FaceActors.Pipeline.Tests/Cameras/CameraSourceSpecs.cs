using Akka;
using Akka.Streams;
using Akka.Streams.Dsl;
using Akka.Streams.TestKit;
using Akka.TestKit;
using FaceActors.Pipeline.Cameras;
using FaceActors.Pipeline.Cameras.Sources;
using Xunit.Abstractions;

namespace FaceActors.Pipeline.Tests.Cameras;

/// <summary>
/// Cameras against the real things: clips made by ffmpeg, a real RTSP server fed by ffmpeg, and a real
/// HTTP server speaking multipart JPEG. Bounds are generous: the machine has two cores.
/// </summary>
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
            var frames = FfmpegFrameSource.Create(settings).RunWith(Sink.Seq<CameraFrame>(), _materializer).Result;

            Assert.InRange(frames.Count, TestClips.FrameCount - 1, TestClips.FrameCount + 1);
            Assert.All(frames, frame => Assert.Equal((320, 240), (frame.Image.Width, frame.Image.Height)));
            Assert.Equal(Enumerable.Range(1, frames.Count).Select(n => (long)n), frames.Select(frame => frame.Sequence));
            foreach (var frame in frames) frame.Dispose();
        }, _materializer);
        Assert.Empty(ChildProcesses.Named("ffmpeg"));
    }
}
