using FaceActors.Pipeline.Actors;
using FaceActors.Vision.FaceAnalysis;
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
using FaceActors.Vision.Liveness;
using OpenCvSharp;

namespace FaceActors.Pipeline.Tests.Streams;

public sealed class CameraPipelineSpecs(RecognitionModels models) : TestKit, IClassFixture<RecognitionModels>
{
    private IMaterializer? _materializer;
    private IMaterializer Materializer => _materializer ??= Sys.Materializer();

    private PipelineStages Stages(Func<CameraFrame, GateDecision> gate, List<TrackerObservation> observed)
    {
        var aligner = new FaceAligner();
        var quality = new FaceQualityMeter();
        return new PipelineStages(
            frame => Task.FromResult(gate(frame)),
            frame => Task.FromResult(models.Detector.Detect(frame.Image)),
            (frame, faces) => Task.FromResult<IReadOnlyList<EmbeddedFace>>(faces.Select(f =>
            {
                using var aligned = aligner.Align(frame.Image, f);
                return new EmbeddedFace(models.Embedder.Embed([aligned])[0], quality.Measure(f, aligned));
            }).ToList()),
            embedding => models.Matcher.Match(embedding),
            (_, observation) =>
            {
                observed.Add(observation);
                // One event per observation is enough to see that the flow delivers what the tracker returns.
                return Task.FromResult<IReadOnlyList<TrackEvent>>([new TrackStarted(observation.CameraId, observation.FrameSequence, new Box(0, 0, 1, 1), observation.At)]);
            },
            // The end of the frames is one more event, so the specs see it arrive after every frame's.
            expiry => Task.FromResult<IReadOnlyList<TrackEvent>>(expiry == TrackExpiry.All
                ? [new TrackEnded("door", 0, new Box(0, 0, 1, 1), DateTimeOffset.UnixEpoch, null)]
                : []));
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
            var images = frames.Select(frame => frame.Image).ToList();
            var stages = Stages(frame => new GateDecision(frame.Sequence, frame.Sequence % 2 == 1 ? GateReason.Refresh : GateReason.Steady, null), observed);

            var probe = Source.From(frames).Via(CameraPipeline.Create(stages)).RunWith(this.SinkProbe<TrackEvent>(), Materializer);
            probe.Request(10);
            Assert.All(probe.ExpectNextN(4), e => Assert.IsType<TrackStarted>(e));
            Assert.IsType<TrackEnded>(probe.ExpectNext());
            probe.ExpectComplete();

            Assert.Equal([1L, 2, 3, 4], observed.Select(o => o.FrameSequence));
            Assert.Null(observed[1].Faces);
            Assert.Equal(["biden", "obama"], observed[0].Faces!.Select(f => f.Match.Label).Order());
            Assert.All(images, image => Assert.True(image.IsDisposed));
        }, Materializer);
    }

    [Fact]
    public void With_liveness_a_suspected_spoof_is_neither_embedded_nor_matched_and_carries_its_verdict()
    {
        this.AssertAllStagesStopped(() =>
        {
            var observed = new List<TrackerObservation>();
            var embedded = new List<int>();
            var frame = Frame(1, TestFrames.TwoPeople);
            var plain = Stages(f => new GateDecision(f.Sequence, GateReason.Refresh, null), observed);
            var stages = plain with
            {
                // The face further left is suspected: a photo held up, say.
                CheckLiveness = (_, faces) => Task.FromResult<IReadOnlyList<LivenessVerdict>>(
                    faces.Select(f => f.Box.X1 == faces.Min(g => g.Box.X1) ? new LivenessVerdict(0.2f, true) : new LivenessVerdict(0.9f, false)).ToList()),
                EmbedFaces = (f, faces) =>
                {
                    embedded.Add(faces.Count);
                    return plain.EmbedFaces(f, faces);
                },
            };

            var probe = Source.Single(frame).Via(CameraPipeline.Create(stages)).RunWith(this.SinkProbe<TrackEvent>(), Materializer);
            probe.Request(10);
            probe.ExpectNextN(2);
            probe.ExpectComplete();

            Assert.Equal([1], embedded);
            var faces = observed.Single().Faces!.OrderBy(f => f.Detection.Box.X1).ToList();
            Assert.Equal((true, null), (faces[0].Liveness!.SpoofSuspected, faces[0].Match.Identity));
            Assert.False(faces[1].Liveness!.SpoofSuspected);
            Assert.NotNull(faces[1].Match.Identity);
        }, Materializer);
    }

    [Fact]
    public void Only_a_wanted_frame_reaches_the_tracker_step_alive_and_it_is_released_after_it()
    {
        this.AssertAllStagesStopped(() =>
        {
            var frames = Enumerable.Range(1, 2).Select(i => Frame(i, TestFrames.TwoPeople)).ToList();
            var images = frames.Select(frame => frame.Image).ToList();
            var asked = 0;
            var shown = new List<(long Sequence, bool Alive)>();
            var stages = Stages(frame => new GateDecision(frame.Sequence, GateReason.Steady, null), []) with
            {
                // The viewer wants the first frame only, as a rate cap would.
                WantsFrame = _ => Interlocked.Increment(ref asked) == 1,
                Track = (frame, observation) =>
                {
                    Assert.Equal(frame is not null, observation.TracksWanted);
                    shown.Add((observation.FrameSequence, frame is { Image.IsDisposed: false }));
                    return Task.FromResult<IReadOnlyList<TrackEvent>>([]);
                },
            };

            var probe = Source.From(frames).Via(CameraPipeline.Create(stages)).RunWith(this.SinkProbe<TrackEvent>(), Materializer);
            probe.Request(10);
            Assert.IsType<TrackEnded>(probe.ExpectNext());
            probe.ExpectComplete();

            Assert.Equal([(1L, true), (2L, false)], shown);
            Assert.All(images, image => Assert.True(image.IsDisposed));
        }, Materializer);
    }

    [Fact]
    public void A_step_that_fails_costs_only_its_frame_which_is_released_and_told_and_the_stream_goes_on()
    {
        this.AssertAllStagesStopped(() =>
        {
            var observed = new List<TrackerObservation>();
            var failed = new List<(long? Sequence, string Error)>();
            var frames = Enumerable.Range(1, 3).Select(i => Frame(i, TestFrames.TwoPeople)).ToList();
            var images = frames.Select(frame => frame.Image).ToList();
            var stages = Stages(frame => frame.Sequence == 2
                ? throw new InvalidOperationException("gate down")
                : new GateDecision(frame.Sequence, GateReason.Steady, null), observed) with
            {
                StepFailed = (sequence, error) => failed.Add((sequence, error.Message)),
            };

            var probe = Source.From(frames).Via(CameraPipeline.Create(stages)).RunWith(this.SinkProbe<TrackEvent>(), Materializer);
            probe.Request(10);
            probe.ExpectNextN(2);
            Assert.IsType<TrackEnded>(probe.ExpectNext());
            probe.ExpectComplete();

            Assert.Equal([1L, 3], observed.Select(o => o.FrameSequence));
            Assert.Equal([((long?)2, "gate down")], failed);
            Assert.All(images, image => Assert.True(image.IsDisposed));
        }, Materializer);
    }

    [Fact]
    public void While_no_frame_comes_the_tracker_is_asked_to_end_overdue_tracks_by_the_clock()
    {
        this.AssertAllStagesStopped(() =>
        {
            var expiries = new System.Collections.Concurrent.ConcurrentQueue<TrackExpiry>();
            var stages = Stages(frame => new GateDecision(frame.Sequence, GateReason.Steady, null), []) with
            {
                ExpireTracks = expiry =>
                {
                    expiries.Enqueue(expiry);
                    return Task.FromResult<IReadOnlyList<TrackEvent>>([]);
                },
                ExpiryInterval = TimeSpan.FromMilliseconds(100),
            };

            // A camera that sends one frame, then nothing: a stalled source.
            var (frames, probe) = this.SourceProbe<CameraFrame>().Via(CameraPipeline.Create(stages))
                .ToMaterialized(this.SinkProbe<TrackEvent>(), Keep.Both).Run(Materializer);
            probe.Request(10);
            frames.SendNext(Frame(1, TestFrames.TwoPeople));
            AwaitCondition(() => expiries.Count(e => e == TrackExpiry.Due) >= 3, TimeSpan.FromSeconds(10));
            Assert.DoesNotContain(TrackExpiry.All, expiries);

            Assert.IsType<TrackStarted>(probe.ExpectNext());
            frames.SendComplete();
            probe.ExpectComplete();
            Assert.Equal(TrackExpiry.All, expiries.Last());
        }, Materializer);
    }
}
