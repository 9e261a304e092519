using FaceActors.Pipeline.Gating;
using FaceActors.Vision.Detection;
using FaceActors.Vision.Geometry;

namespace FaceActors.Pipeline.Tests.Gating;

public sealed class GatePolicySpecs
{
    private const int Fps = 15;
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly GateOptions Options = GateOptions.Default with
    {
        Cooldown = TimeSpan.FromMilliseconds(300),
        RefreshInterval = TimeSpan.FromSeconds(5),
        YoloStride = 3,
    };

    private static DateTimeOffset TimeOf(int frame) => Start + TimeSpan.FromSeconds(frame / (double)Fps);

    private static IReadOnlyList<PersonDetection> People(int count) =>
        Enumerable.Range(0, count).Select(i => new PersonDetection(new Box(50 + 150 * i, 100, 150 + 150 * i, 400), 0.9f)).ToList();

    /// <summary>Plays <paramref name="frames"/> frames through a policy; each frame's motion and YOLO answer come from the scene.</summary>
    private sealed class Clip(GatePolicy policy, bool withYolo = true)
    {
        public List<GateDecision> Decisions { get; } = [];
        public int YoloRuns { get; private set; }

        public Clip Play(int frames, Func<int, float> motion, Func<int, int, IReadOnlyList<PersonDetection>> persons)
        {
            var end = Decisions.Count + frames;
            for (var frame = Decisions.Count; frame < end; frame++)
            {
                var current = frame;
                Decisions.Add(policy.Decide(current, TimeOf(current), motion(current), withYolo ? () => persons(current, YoloRuns++) : null));
            }
            return this;
        }

        public IEnumerable<GateDecision> With(GateReason reason) => Decisions.Where(d => d.Reason == reason);
        public int FaceDetections => Decisions.Count(d => d.RunFaceDetection);
    }

    private static float Moving(int frame) => 0.05f;
    private static float Still(int frame) => 0f;

    [Fact]
    public void A_held_count_change_triggers_exactly_one_face_detection_after_the_cooldown()
    {
        var clip = new Clip(new GatePolicy(Options));
        clip.Play(90, Moving, (frame, _) => People(frame < 30 ? 1 : 2));

        var changes = clip.With(GateReason.CountChanged).ToList();
        Assert.Equal(2, changes.Count); // the first person at start-up, then the second one
        var second = changes[1];
        var waited = TimeOf((int)second.FrameSequence) - TimeOf(30);
        Assert.InRange(waited, Options.Cooldown, Options.Cooldown + TimeSpan.FromSeconds(Options.YoloStride / (double)Fps));
        Assert.Equal(2, second.Persons!.Count);
    }

    [Fact]
    public void A_one_frame_extra_person_box_triggers_no_face_detection()
    {
        var clip = new Clip(new GatePolicy(Options with { RefreshInterval = TimeSpan.FromMinutes(1) }));
        clip.Play(30, Moving, (_, _) => People(1));
        var settled = clip.FaceDetections;

        // The extra box shows up in exactly one YOLO pass, whichever frame that is.
        var flickerPass = -1;
        clip.Play(60, Moving, (frame, pass) =>
        {
            if (flickerPass < 0) flickerPass = pass;
            return People(pass == flickerPass ? 2 : 1);
        });

        Assert.Equal(settled, clip.FaceDetections);
        Assert.Contains(clip.Decisions.Skip(30), d => d.Persons?.Count == 2);
        Assert.DoesNotContain(clip.Decisions.Skip(30), d => d.Reason == GateReason.CountChanged);
    }

    [Fact]
    public void The_refresh_runs_face_detection_on_schedule_while_someone_is_there()
    {
        var clip = new Clip(new GatePolicy(Options));
        clip.Play(Fps * 21, Moving, (_, _) => People(1));

        var refreshes = clip.With(GateReason.Refresh).Select(d => TimeOf((int)d.FrameSequence)).ToList();
        Assert.Equal(4, refreshes.Count);
        var faceDetections = clip.Decisions.Where(d => d.RunFaceDetection).Select(d => TimeOf((int)d.FrameSequence)).ToList();
        foreach (var (previous, next) in faceDetections.Zip(faceDetections.Skip(1)))
            Assert.InRange(next - previous, Options.RefreshInterval, Options.RefreshInterval + TimeSpan.FromSeconds(1.0 / Fps));
    }

    [Fact]
    public void An_empty_scene_is_not_refreshed()
    {
        var clip = new Clip(new GatePolicy(Options));
        clip.Play(Fps * 20, Moving, (_, _) => People(0));

        Assert.Equal(0, clip.FaceDetections);
    }

    [Fact]
    public void The_trackers_request_is_honoured_but_rate_limited()
    {
        var policy = new GatePolicy(Options with { TrackerRequestMinInterval = TimeSpan.FromSeconds(1) });
        var clip = new Clip(policy);
        clip.Play(30, Moving, (_, _) => People(1));
        var before = clip.FaceDetections;

        policy.IdentificationWanted = true;
        clip.Play(1, Moving, (_, _) => People(1));
        Assert.Equal(GateReason.TrackerRequest, clip.Decisions[^1].Reason);
        Assert.NotNull(clip.Decisions[^1].Persons); // fresh person boxes for the faces to attach to

        // An unknown stranger keeps the request up: once a second over four seconds, not once a frame.
        clip.Play(Fps * 4 - 1, Moving, (_, _) => People(1));
        Assert.Equal(4, clip.Decisions.Skip(30).Count(d => d.Reason == GateReason.TrackerRequest));

        policy.IdentificationWanted = false;
        clip.Play(Fps * 3, Moving, (_, _) => People(1));
        Assert.Equal(before + 4, clip.FaceDetections);
    }

    [Fact]
    public void On_a_steady_count_face_detection_runs_on_at_most_15_percent_of_frames()
    {
        var policy = new GatePolicy(Options);
        var clip = new Clip(policy);
        // Thirty seconds of two people moving about, with one of them a stranger the tracker keeps asking about.
        policy.IdentificationWanted = true;
        clip.Play(Fps * 30, Moving, (_, _) => People(2));

        var share = clip.FaceDetections / (double)clip.Decisions.Count;
        Assert.True(share <= 0.15, $"face detection on {share:P1} of frames");
    }

    [Fact]
    public void YOLO_runs_at_the_stride_while_moving_and_only_at_the_safety_interval_while_still()
    {
        var moving = new Clip(new GatePolicy(Options));
        moving.Play(Fps * 10, Moving, (_, _) => People(1));
        var still = new Clip(new GatePolicy(Options));
        still.Play(Fps * 10, Still, (_, _) => People(1));

        Assert.InRange(moving.YoloRuns, Fps * 10 / Options.YoloStride, Fps * 10 / Options.YoloStride + 3);
        // The first frame, the pending count's confirmation, then once per safety interval.
        Assert.InRange(still.YoloRuns, 2, 2 + 10 / (int)Options.YoloMaxInterval.TotalSeconds);
        Assert.All(still.Decisions.Where(d => d.Persons is null), d => Assert.Equal(GateReason.NoMotion, d.Reason));
    }

    [Fact]
    public void Motion_onset_gets_YOLO_at_once_whatever_the_stride()
    {
        var clip = new Clip(new GatePolicy(Options with { YoloStride = 10 }));
        clip.Play(30, Still, (_, _) => People(0));

        clip.Play(1, Moving, (_, _) => People(1));

        Assert.NotNull(clip.Decisions[^1].Persons);
    }

    [Fact]
    public void Without_YOLO_and_without_motion_search_motion_onset_and_refresh_drive_face_detection()
    {
        var clip = new Clip(new GatePolicy(Options with { MotionSearchInterval = TimeSpan.Zero }), withYolo: false);
        clip.Play(30, Still, (_, _) => throw new InvalidOperationException("no person detector"));
        clip.Play(Fps * 11, Moving, (_, _) => throw new InvalidOperationException("no person detector"));
        clip.Play(Fps * 11, Still, (_, _) => throw new InvalidOperationException("no person detector"));

        Assert.Equal(0, clip.YoloRuns);
        Assert.All(clip.Decisions, d => Assert.Null(d.Persons));
        Assert.Equal([30L], clip.With(GateReason.MotionStarted).Select(d => d.FrameSequence));
        // Two refreshes while moving, and one more for the motion since the last, after which a still scene costs nothing.
        var refreshes = clip.With(GateReason.Refresh).Select(d => (int)d.FrameSequence).ToList();
        Assert.Equal(3, refreshes.Count);
        Assert.All(clip.Decisions.Skip(refreshes[^1] + 1), d => Assert.Equal(GateReason.NoMotion, d.Reason));
    }

    [Fact]
    public void Without_YOLO_a_moving_scene_is_searched_for_faces_every_motion_search_interval_and_a_still_one_is_not()
    {
        var clip = new Clip(new GatePolicy(Options), withYolo: false);
        clip.Play(30, Still, (_, _) => throw new InvalidOperationException("no person detector"));
        clip.Play(Fps * 5, Moving, (_, _) => throw new InvalidOperationException("no person detector"));
        clip.Play(Fps * 11, Still, (_, _) => throw new InvalidOperationException("no person detector"));

        Assert.Equal([30L], clip.With(GateReason.MotionStarted).Select(d => d.FrameSequence));
        var searches = clip.With(GateReason.MotionSearch).Select(d => d.FrameSequence).ToList();
        // After the onset at frame 30, one search a second for the 5 s of motion: frames 45, 60, 75, 90.
        Assert.Equal(Enumerable.Range(1, 4).Select(i => 30L + i * Fps), searches);
        var lastMoving = 30 + Fps * 5 - 1;
        Assert.DoesNotContain(clip.Decisions.Skip(lastMoving + 1), d => d.Reason == GateReason.MotionSearch);
    }

    [Fact]
    public void Without_YOLO_motion_flicker_shorter_than_the_cooldown_is_not_a_new_arrival()
    {
        var clip = new Clip(new GatePolicy(Options), withYolo: false);
        clip.Play(30, Moving, (_, _) => People(0));
        clip.Play(2, Still, (_, _) => People(0));
        clip.Play(10, Moving, (_, _) => People(0));

        Assert.Single(clip.With(GateReason.MotionStarted));
    }

    [Fact]
    public void With_the_gate_off_every_frame_gets_YOLO_and_face_detection_moving_or_still()
    {
        var gated = new Clip(new GatePolicy(Options));
        var ungated = new Clip(new GatePolicy(Options with { EveryFrame = true }));
        foreach (var clip in new[] { gated, ungated })
            clip.Play(30, Moving, (_, _) => People(1)).Play(60, Still, (_, _) => People(1));

        Assert.Equal(90, ungated.FaceDetections);
        Assert.Equal(90, ungated.YoloRuns);
        Assert.All(ungated.Decisions, d => Assert.NotNull(d.Persons));
        // The same frames through the gate: the baseline differs from it only in the gate's verdict.
        Assert.InRange(gated.FaceDetections, 1, 5);
        Assert.InRange(gated.YoloRuns, 1, 30);
    }

    [Fact]
    public void Without_YOLO_the_gate_off_still_sends_every_frame_to_face_detection()
    {
        var clip = new Clip(new GatePolicy(Options with { EveryFrame = true }), withYolo: false);
        clip.Play(10, Moving, (_, _) => People(0)).Play(10, Still, (_, _) => People(0));

        Assert.All(clip.Decisions, d => Assert.Equal(GateReason.EveryFrame, d.Reason));
    }

    [Theory]
    [InlineData(nameof(GateOptions.Cooldown))]
    [InlineData(nameof(GateOptions.YoloStride))]
    [InlineData(nameof(GateOptions.MotionThreshold))]
    [InlineData(nameof(GateOptions.RefreshInterval))]
    public void Out_of_range_options_are_refused_with_their_name(string option)
    {
        var options = option switch
        {
            nameof(GateOptions.Cooldown) => Options with { Cooldown = TimeSpan.FromSeconds(-1) },
            nameof(GateOptions.YoloStride) => Options with { YoloStride = 0 },
            nameof(GateOptions.MotionThreshold) => Options with { MotionThreshold = 1.5f },
            _ => Options with { RefreshInterval = TimeSpan.Zero },
        };

        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new GatePolicy(options));
        Assert.Equal(option, error.ParamName);
    }
}
