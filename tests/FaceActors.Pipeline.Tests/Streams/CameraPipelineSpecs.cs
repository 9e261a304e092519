using Akka.Streams;
using Akka.Streams.Dsl;
using Akka.Streams.TestKit;
using Akka.TestKit.Xunit2;
using FaceActors.Pipeline.Cameras;
using FaceActors.Pipeline.Gating;
using FaceActors.Pipeline.Streams;
using FaceActors.Pipeline.Tracking;
using FaceActors.TestSupport;
using FaceActors.Vision.Alignment;
using FaceActors.Vision.Geometry;
using OpenCvSharp;

namespace FaceActors.Pipeline.Tests.Streams;

public sealed class CameraPipelineSpecs(RecognitionModels models) : TestKit, IClassFixture<RecognitionModels>
{
    private IMaterializer? _materializer;
    private IMaterializer Materializer => _materializer ??= Sys.Materializer();

    private PipelineStages Stages(Func<CameraFrame, GateDecision> gate, List<TrackerObservation> observed)
    {
        var aligner = new FaceAligner();
        return new PipelineStages(
            frame => Task.FromResult(gate(frame)),
            image => Task.FromResult(models.Detector.Detect(image)),
            (image, faces) => Task.FromResult(models.Embedder.Embed(faces.Select(f => aligner.Align(image, f)).ToList())),
            embedding => models.Matcher.Match(embedding),
            (_, observation) =>
            {
                observed.Add(observation);
                // One event per observation is enough to see that the flow delivers what the tracker returns.
                return Task.FromResult<IReadOnlyList<TrackEvent>>([new TrackStarted(observation.CameraId, observation.FrameSequence, new Box(0, 0, 1, 1), observation.At)]);
            });
    }

    private static CameraFrame Frame(long sequence, string photo) =>
        new("door", sequence, DateTimeOffset.UnixEpoch.AddSeconds(sequence), TestFrames.Photo(photo));

    [Fact]
    public void Faces_are_recognised_only_on_frames_the_gate_passes_and_every_frame_is_released()
    {
        this.AssertAllStagesStopped(() =>
        {
            var observed = new List<TrackerObservation>();
            var frames = Enumerable.Range(1, 4).Select(i => Frame(i, TestFrames.TwoPeople)).ToList();
            var stages = Stages(frame => new GateDecision(frame.Sequence, frame.Sequence % 2 == 1 ? GateReason.Refresh : GateReason.Steady, null), observed);

            var probe = Source.From(frames).Via(CameraPipeline.Create(stages)).RunWith(this.SinkProbe<TrackEvent>(), Materializer);
            probe.Request(10);
            probe.ExpectNextN(4);
            probe.ExpectComplete();

            Assert.Equal([1L, 2, 3, 4], observed.Select(o => o.FrameSequence));
            Assert.Null(observed[1].Faces);
            Assert.Equal(["biden", "obama"], observed[0].Faces!.Select(f => f.Match.Label).Order());
            Assert.All(frames, frame => Assert.True(frame.Image.IsDisposed));
        }, Materializer);
    }

    [Fact]
    public void Only_a_wanted_frame_reaches_the_tracker_step_alive_and_it_is_released_after_it()
    {
        this.AssertAllStagesStopped(() =>
        {
            var frames = Enumerable.Range(1, 2).Select(i => Frame(i, TestFrames.TwoPeople)).ToList();
            var shown = new List<(long Sequence, bool Alive)>();
            var stages = Stages(frame => new GateDecision(frame.Sequence, GateReason.Steady, null), []) with
            {
                // The viewer wants every other frame, as a rate cap would.
                WantsFrame = _ => shown.Count == 0,
                Track = (frame, observation) =>
                {
                    Assert.Equal(frame is not null, observation.TracksWanted);
                    shown.Add((observation.FrameSequence, frame is { Image.IsDisposed: false }));
                    return Task.FromResult<IReadOnlyList<TrackEvent>>([]);
                },
            };

            var probe = Source.From(frames).Via(CameraPipeline.Create(stages)).RunWith(this.SinkProbe<TrackEvent>(), Materializer);
            probe.Request(10);
            probe.ExpectComplete();

            Assert.Equal([(1L, true), (2L, false)], shown);
            Assert.All(frames, frame => Assert.True(frame.Image.IsDisposed));
        }, Materializer);
    }

    [Fact]
    public void A_failing_step_fails_the_stream_and_releases_the_frame()
    {
        this.AssertAllStagesStopped(() =>
        {
            var frame = Frame(1, TestFrames.TwoPeople);
            var stages = Stages(_ => throw new InvalidOperationException("gate down"), []);

            var probe = Source.Single(frame).Via(CameraPipeline.Create(stages)).RunWith(this.SinkProbe<TrackEvent>(), Materializer);
            probe.Request(1);

            Assert.Contains("gate down", probe.ExpectError().Message);
            Assert.True(frame.Image.IsDisposed);
        }, Materializer);
    }
}
