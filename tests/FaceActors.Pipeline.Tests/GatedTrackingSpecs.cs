using FaceActors.Pipeline.Gating;
using FaceActors.Pipeline.Tracking;
using FaceActors.Recognition.Matching;
using FaceActors.Vision.Detection;
using FaceActors.Vision.Geometry;
using Xunit.Abstractions;

namespace FaceActors.Pipeline.Tests;

/// <summary>
/// The gate's policy and the tracker together, as the stream will wire them, on scenes whose people and names are
/// known by construction: YOLO reports where the people are, face detection finds their faces (when the gate lets it
/// run), and the tracker's need for a name goes back to the gate.
/// </summary>
public sealed class GatedTrackingSpecs(ITestOutputHelper output)
{
    private const string Camera = "hall";
    private const int Fps = 15;
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly Box FlickerBox = new(560, 40, 620, 200);

    private static DateTimeOffset TimeOf(int frame) => Start + TimeSpan.FromSeconds(frame / (double)Fps);

    /// <summary>Someone in the scene: a name (null for a stranger the gallery does not know) and where they are on each frame.</summary>
    private sealed record Person(string? Name, Func<int, Box> BoxAt);

    /// <summary>Walks <paramref name="step"/> px a frame for <paramref name="walkFrames"/> frames, then stands still.</summary>
    private static Func<int, Box> WalkThenStand(float x, float y, float step, int walkFrames) =>
        f => new Box(x + step * Math.Min(f, walkFrames), y, x + step * Math.Min(f, walkFrames) + 100, y + 300);

    // Alice walks right and Bob left for 40 frames; they cross at frame 20, then both stand still.
    private static readonly Person Alice = new("alice", WalkThenStand(40, 100, 12, 40));
    private static readonly Person Bob = new("bob", WalkThenStand(520, 110, -12, 40));
    private static readonly Person Stranger = new(null, _ => new Box(300, 60, 380, 330));

    private static Box HeadOf(Box person) =>
        Box.FromCenter(person.CenterX, person.Y1 + 0.12f * person.Height, 0.3f * person.Width, 0.3f * person.Width);

    private sealed record Run(List<TrackEvent> Events, List<int> FaceDetectionFrames, int YoloPasses, int? FlickerFrame, Tracker Tracker);

    private static Run Play(int frames, IReadOnlyList<Person> people, int? flickerFromFrame = null)
    {
        var policy = new GatePolicy();
        var tracker = new Tracker(Camera);
        var events = new List<TrackEvent>();
        var faceDetectionFrames = new List<int>();
        var yoloPasses = 0;
        int? flickerFrame = null;
        for (var f = 0; f < frames; f++)
        {
            var frame = f;
            var moved = f == 0 || people.Any(p => p.BoxAt(frame) != p.BoxAt(frame - 1));
            var decision = policy.Decide(f, TimeOf(f), moved ? 0.05f : 0f, () =>
            {
                yoloPasses++;
                var persons = people.Select(p => new PersonDetection(p.BoxAt(frame), 0.9f)).ToList();
                // A low-confidence extra box in exactly one YOLO pass.
                if (frame >= flickerFromFrame && flickerFrame is null)
                {
                    flickerFrame = frame;
                    persons.Add(new PersonDetection(FlickerBox, 0.55f));
                }
                return persons;
            });

            IReadOnlyList<RecognizedFace>? faces = null;
            if (decision.RunFaceDetection)
            {
                faceDetectionFrames.Add(f);
                faces = people.Select(p => TestFaces.Recognized(
                    new FaceDetection(HeadOf(p.BoxAt(frame)), 0.99f, new FaceLandmarks(LandmarkScheme.Mtcnn5, [])),
                    new FaceMatch(p.Name, p.Name is null ? 0.3f : 0.8f, p.Name))).ToList();
            }
            events.AddRange(tracker.Update(new TrackerObservation(Camera, f, TimeOf(f), decision.Persons, faces)));
            policy.IdentificationWanted = tracker.NeedsIdentification;
        }
        return new Run(events, faceDetectionFrames, yoloPasses, flickerFrame, tracker);
    }

    [Fact]
    public void Two_people_who_cross_keep_their_names_while_the_gate_runs_YOLO_at_a_stride()
    {
        var run = Play(Fps * 30, [Alice, Bob]);

        Assert.Equal(2, run.Events.OfType<TrackStarted>().Count());
        Assert.Equal(["alice", "bob"], run.Events.OfType<IdentityAssigned>().Select(e => e.Identity).Order());
        Assert.Empty(run.Events.OfType<IdentityChanged>());
        Assert.Empty(run.Events.OfType<TrackEnded>());
        var last = Fps * 30 - 1;
        var byName = run.Tracker.Tracks.ToDictionary(t => t.Identity!, t => t.Box);
        Assert.True(byName["alice"].IoU(Alice.BoxAt(last)) > 0.9f, $"alice's track is at {byName["alice"]}");
        Assert.True(byName["bob"].IoU(Bob.BoxAt(last)) > 0.9f, $"bob's track is at {byName["bob"]}");
    }

    [Fact]
    public void On_a_steady_count_face_detection_runs_on_at_most_15_percent_of_frames_and_YOLO_on_few()
    {
        var frames = Fps * 30;

        var run = Play(frames, [Alice, Bob]);

        var faceShare = run.FaceDetectionFrames.Count / (double)frames;
        var yoloShare = run.YoloPasses / (double)frames;
        output.WriteLine($"face detection on {faceShare:P1} of frames, YOLO on {yoloShare:P1}");
        Assert.True(faceShare <= 0.15, $"face detection on {faceShare:P1} of frames");
        Assert.True(yoloShare <= 0.2, $"YOLO on {yoloShare:P1} of frames");
    }

    [Fact]
    public void A_stranger_does_not_force_face_detection_on_every_frame()
    {
        var frames = Fps * 30;

        var run = Play(frames, [Alice, Bob, Stranger]);

        var faceShare = run.FaceDetectionFrames.Count / (double)frames;
        output.WriteLine($"face detection on {faceShare:P1} of frames ({string.Join(", ", run.FaceDetectionFrames)})");
        Assert.True(faceShare <= 0.15, $"face detection on {faceShare:P1} of frames");
        Assert.Equal(3, run.Events.OfType<TrackStarted>().Count());
        Assert.Equal(["alice", "bob"], run.Events.OfType<IdentityAssigned>().Select(e => e.Identity).Order());
        Assert.False(run.Tracker.NeedsIdentification);
    }

    [Theory]
    [InlineData(10)]  // while they walk in
    [InlineData(150)] // while they stand still
    public void An_injected_one_frame_extra_person_box_triggers_no_face_detection(int flickerFromFrame)
    {
        var clean = Play(Fps * 20, [Alice, Bob]);

        var flickered = Play(Fps * 20, [Alice, Bob], flickerFromFrame);

        Assert.NotNull(flickered.FlickerFrame);
        Assert.Equal(clean.FaceDetectionFrames, flickered.FaceDetectionFrames);
        Assert.DoesNotContain(flickered.Events, e => e.Box == FlickerBox);
        Assert.Equal(clean.Events.Count, flickered.Events.Count);
    }
}
