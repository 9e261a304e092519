using Akka.Actor;
using Akka.Streams;
using Akka.Streams.Dsl;
using Akka.TestKit.Xunit2;
using FaceActors.Pipeline.Actors;
using FaceActors.Pipeline.Cameras;
using FaceActors.Pipeline.Gating;
using FaceActors.Pipeline.Scenes;
using FaceActors.Pipeline.Streams;
using FaceActors.Pipeline.Tracking;
using FaceActors.TestSupport;
using FaceActors.Vision.Persons;
using OpenCvSharp;

namespace FaceActors.Pipeline.Tests.EndToEnd;

/// <summary>
/// The whole per-camera pipeline with the real models and the real gate and tracker actors, on clips
/// composed from the example photos: who is where is known by construction.
/// </summary>
public sealed class CompositedClipSpecs(RecognitionModels models, Xunit.Abstractions.ITestOutputHelper log) : TestKit, IClassFixture<RecognitionModels>
{
    private static readonly DateTimeOffset Start = new(2026, 11, 28, 12, 0, 0, TimeSpan.Zero);
    private static Mat Walker(string testPhoto, int width) => RealPipeline.Walker(testPhoto, width);

    /// <summary>The sequence numbers of the frames that went to face detection in the last run.</summary>
    private readonly List<long> _faceDetectedFrames = [];

    /// <summary>How many persons YOLO counted, by frame sequence, on the frames where it ran in the last run.</summary>
    private readonly Dictionary<long, int> _personsCounted = [];

    /// <summary>Runs the scene's frames through the pipeline on the scene's own clock and returns every event.</summary>
    private IReadOnlyList<TrackEvent> RunEvents(Scene scene)
    {
        _faceDetectedFrames.Clear();
        _personsCounted.Clear();
        var frames = new List<CameraFrame>();
        SceneRenderer.Render(scene, (frame, truth) =>
            frames.Add(new CameraFrame("clip", truth.FrameIndex + 1, Start + TimeSpan.FromSeconds(truth.Seconds), frame.Clone())));
        using var pipeline = new RealPipeline(Sys, models, "clip", (frame, decision) =>
        {
            if (decision.RunFaceDetection) _faceDetectedFrames.Add(frame.Sequence);
            if (decision.Persons is not null) _personsCounted[frame.Sequence] = decision.Persons.Count;
        });
        var events = Source.From(frames).Via(pipeline.Flow).RunWith(Sink.Seq<TrackEvent>(), Sys.Materializer());
        Assert.True(events.Wait(RealPipeline.Patience), "The clip did not go through the pipeline in time.");
        return events.Result;
    }

    [Fact]
    public void Two_people_who_cross_keep_their_own_names_on_their_own_tracks()
    {
        using var background = new Mat(480, 640, MatType.CV_8UC3, new Scalar(110, 120, 115));
        using var obama = Walker("obama1.jpg", 170);
        using var alex = Walker("alex_lacamoire1.jpg", 170);
        // Obama walks left to right and Alex right to left; they pass around 4 s, Alex in front. Both stand
        // still, then leave the picture at 8 s; the clip runs on past the tracker's time to live.
        var scene = new Scene(background, Fps: 15, DurationSeconds: 12,
        [
            new Walker("obama", obama, [new Keyframe(0, 110, 260), new Keyframe(1.5, 110, 260), new Keyframe(6.5, 530, 260), new Keyframe(8, 530, 260)]),
            new Walker("alex_lacamoire", alex, [new Keyframe(0, 530, 250), new Keyframe(1.5, 530, 250), new Keyframe(6.5, 110, 250), new Keyframe(8, 110, 250)]),
        ]);

        var events = RunEvents(scene);
        foreach (var e in events) log.WriteLine(e.ToString());

        // Every name is given on a box where that person really is at that moment (their scripted position),
        // no track ever changes its name, and both people are named. A track may break while its person is
        // hidden behind the other; the new track must then get the same, right name.
        var named = events.OfType<IdentityAssigned>().ToList();
        Assert.Equal(["alex_lacamoire", "obama"], named.Select(e => e.Identity).Distinct().Order());
        foreach (var assigned in named)
        {
            var seconds = (assigned.At - Start).TotalSeconds;
            var nearest = scene.Walkers.MinBy(w => w.BoxAt(seconds) is { } truth
                ? Math.Abs(truth.X + truth.Width / 2f - assigned.Box.CenterX) : float.MaxValue)!;
            Assert.True(nearest.Identity == assigned.Identity,
                $"track {assigned.TrackId} was named {assigned.Identity} at {seconds:F1} s on a box at x={assigned.Box.CenterX:F0}, where {nearest.Identity} is");
        }
        Assert.Empty(events.OfType<IdentityChanged>());
        Assert.All(events.OfType<TrackEnded>(), ended => Assert.Equal(named.Single(n => n.TrackId == ended.TrackId).Identity, ended.Identity));
    }

    [Fact]
    public void On_a_clip_where_the_count_holds_face_detection_runs_on_at_most_15_percent_of_frames()
    {
        using var background = new Mat(480, 640, MatType.CV_8UC3, new Scalar(110, 120, 115));
        using var obama = Walker("obama1.jpg", 170);
        using var alex = Walker("alex_lacamoire1.jpg", 170);
        // Two people in the picture the whole time: one sways a little, the other stands still. 20 s at 15 fps.
        var scene = new Scene(background, Fps: 15, DurationSeconds: 20,
        [
            new Walker("obama", obama, [new Keyframe(0, 170, 260), new Keyframe(5, 200, 262), new Keyframe(10, 170, 260), new Keyframe(15, 200, 262), new Keyframe(20, 170, 260)]),
            new Walker("alex_lacamoire", alex, [new Keyframe(0, 470, 250), new Keyframe(20, 470, 250)]),
        ]);

        var events = RunEvents(scene);

        var share = _faceDetectedFrames.Count / (double)scene.FrameCount;
        log.WriteLine($"face detection on {_faceDetectedFrames.Count} of {scene.FrameCount} frames ({share:P1})");
        Assert.True(share <= 0.15, $"face detection ran on {share:P1} of frames");
        Assert.Equal(["alex_lacamoire", "obama"], events.OfType<IdentityAssigned>().Select(e => e.Identity).Order());
    }

    [Fact]
    public void A_person_seen_for_one_frame_only_triggers_no_face_detection()
    {
        using var background = new Mat(480, 640, MatType.CV_8UC3, new Scalar(110, 120, 115));
        // Alex's photo shows enough of a person for YOLO; Obama's test photo is a head shot it does not count.
        using var alex = Walker("alex_lacamoire1.jpg", 170);
        using var rose = Walker("kit_with_rose.jpg", 170);
        var steady = new Walker("alex_lacamoire", alex, [new Keyframe(0, 170, 250), new Keyframe(8, 170, 250)]);
        Scene Clip(params Walker[] walkers) => new(background, Fps: 15, DurationSeconds: 8, walkers);
        // The extra person is in one frame only, at 4 s: what a detector's one-frame flicker looks like to the gate.
        var flicker = new Walker("flicker", rose, [new Keyframe(4.0, 470, 250), new Keyframe(4.0 + 0.5 / 15, 470, 250)]);

        RunEvents(Clip(steady));
        var withoutFlicker = _faceDetectedFrames.ToList();
        var events = RunEvents(Clip(steady, flicker));

        var flickerFrame = (long)Math.Round(4.0 * 15) + 1;
        Assert.True(_personsCounted.GetValueOrDefault(flickerFrame) > 1, "YOLO should have counted the extra person on the flicker frame");
        Assert.NotEmpty(withoutFlicker);
        Assert.Equal(withoutFlicker, _faceDetectedFrames);
        Assert.Equal("alex_lacamoire", Assert.Single(events.OfType<IdentityAssigned>()).Identity);
    }
}
