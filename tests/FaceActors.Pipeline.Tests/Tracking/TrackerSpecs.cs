using FaceActors.Pipeline.Tracking;
using FaceActors.Recognition.Matching;
using FaceActors.Vision.Detection;
using FaceActors.Vision.Geometry;
using FaceActors.Vision.Liveness;

namespace FaceActors.Pipeline.Tests.Tracking;

public sealed class TrackerSpecs
{
    private const string Camera = "door";
    private const int Fps = 15;
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);

    private static DateTimeOffset TimeOf(int frame) => Start + TimeSpan.FromSeconds(frame / (double)Fps);

    private static List<PersonDetection> Persons(params Box[] boxes) => boxes.Select(b => new PersonDetection(b, 0.9f)).ToList();

    /// <summary>Where a face sits on a standing person: centred, in the top eighth of the box.</summary>
    private static Box HeadOf(Box person) =>
        Box.FromCenter(person.CenterX, person.Y1 + 0.12f * person.Height, 0.3f * person.Width, 0.3f * person.Width);

    private static RecognizedFace Face(Box box, string? identity, float detectionScore = 0.99f) =>
        TestFaces.Recognized(new FaceDetection(box, detectionScore, new FaceLandmarks(LandmarkScheme.Mtcnn5, [])), new FaceMatch(identity, identity is null ? 0.3f : 0.8f, identity));

    private static TrackerObservation See(int frame, IReadOnlyList<PersonDetection>? persons, IReadOnlyList<RecognizedFace>? faces = null) =>
        new(Camera, frame, TimeOf(frame), persons, faces);

    private static readonly Box Standing = new(200, 80, 320, 420);

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Two_people_who_cross_keep_their_names_with_person_boxes_on_every_third_frame(bool frontPersonHidesTheOther)
    {
        var tracker = new Tracker(Camera);
        var events = new List<TrackEvent>();
        // Alice walks right and Bob left, 12 px a frame (180 px/s); their boxes overlap from frame 16 to 23.
        Box Alice(int f) => new(40 + 12 * f, 100, 140 + 12 * f, 400);
        Box Bob(int f) => new(500 - 12 * f, 110, 600 - 12 * f, 405);
        bool Hidden(int f) => frontPersonHidesTheOther && Math.Abs(Alice(f).X1 - Bob(f).X1) < 60;

        for (var f = 0; f <= 45; f++)
        {
            // YOLO at a stride of three; the tracker predicts on the frames in between.
            if (f % 3 != 0)
            {
                events.AddRange(tracker.Update(See(f, null)));
                continue;
            }
            var persons = Hidden(f) ? Persons(Bob(f)) : Persons(Alice(f), Bob(f));
            // Faces before the crossing name them; faces after it would expose a swap as a changed or tied vote.
            var faces = f is <= 3 or >= 36 ? new[] { Face(HeadOf(Alice(f)), "alice"), Face(HeadOf(Bob(f)), "bob") } : null;
            events.AddRange(tracker.Update(See(f, persons, faces)));
        }

        Assert.Equal(2, events.OfType<TrackStarted>().Count());
        Assert.Equal(["alice", "bob"], events.OfType<IdentityAssigned>().Select(e => e.Identity).Order());
        Assert.Empty(events.OfType<IdentityChanged>());
        Assert.Empty(events.OfType<TrackEnded>());
        var byName = tracker.Tracks.ToDictionary(t => t.Identity!, t => t.Box);
        Assert.True(byName["alice"].IoU(Alice(45)) > 0.9f, $"alice's track is at {byName["alice"]}");
        Assert.True(byName["bob"].IoU(Bob(45)) > 0.9f, $"bob's track is at {byName["bob"]}");
    }

    [Fact]
    public void A_person_who_enters_is_announced_then_named()
    {
        var tracker = new Tracker(Camera);

        var events = Enumerable.Range(0, 6)
            .SelectMany(f => tracker.Update(See(f, Persons(Standing), [Face(HeadOf(Standing), "carol")])))
            .ToList();

        Assert.Collection(events,
            started => Assert.Equal(TimeOf(1), Assert.IsType<TrackStarted>(started).At),
            named => Assert.Equal("carol", Assert.IsType<IdentityAssigned>(named).Identity));
        Assert.Equal(events[0].TrackId, events[1].TrackId);
    }

    [Fact]
    public void A_person_who_leaves_ends_after_the_time_to_live()
    {
        var tracker = new Tracker(Camera);
        var events = new List<TrackEvent>();
        for (var f = 0; f < 15; f++) events.AddRange(tracker.Update(See(f, Persons(Standing), [Face(HeadOf(Standing), "carol")])));

        // Gone: YOLO keeps reporting an empty scene.
        for (var f = 15; f < 15 + Fps * 5; f++) events.AddRange(tracker.Update(See(f, Persons())));

        var ended = Assert.Single(events.OfType<TrackEnded>());
        Assert.Equal("carol", ended.Identity);
        Assert.Equal(Standing, ended.Box);
        // On the first frame past the time to live (half a frame's slack for tick rounding).
        Assert.InRange(ended.At - TimeOf(14), TrackerOptions.Default.TimeToLive, TrackerOptions.Default.TimeToLive + TimeSpan.FromSeconds(1.5 / Fps));
        Assert.Empty(tracker.Tracks);
    }

    [Fact]
    public void Events_carry_the_person_detectors_last_count_and_none_before_it_has_counted()
    {
        var faceOnly = new Tracker(Camera);
        var withPersons = new Tracker(Camera);
        var faceEvents = new List<TrackEvent>();
        var personEvents = new List<TrackEvent>();
        for (var f = 0; f < 15; f++)
        {
            faceEvents.AddRange(faceOnly.Update(See(f, persons: null, [Face(HeadOf(Standing), "carol")])));
            personEvents.AddRange(withPersons.Update(See(f, f < 10 ? Persons(Standing) : Persons(Standing, new Box(400, 80, 520, 420)),
                [Face(HeadOf(Standing), "carol")])));
        }
        personEvents.AddRange(withPersons.EndAll(TimeOf(15)));

        Assert.NotEmpty(faceEvents);
        Assert.All(faceEvents, e => Assert.Null(e.Persons));
        Assert.Equal(1, personEvents.OfType<TrackStarted>().First().Persons);
        Assert.Equal(2, personEvents.OfType<TrackEnded>().Last().Persons);
    }

    [Fact]
    public void A_face_suspected_to_be_a_spoof_is_reported_once_and_never_names_its_track()
    {
        var tracker = new Tracker(Camera);
        var events = new List<TrackEvent>();
        var spoof = Face(HeadOf(Standing), "carol") with { Liveness = new LivenessVerdict(0.3f, true) };
        for (var f = 0; f < 15; f++) events.AddRange(tracker.Update(See(f, Persons(Standing), [spoof])));

        var reported = Assert.Single(events.OfType<SpoofSuspected>());
        Assert.Equal(0.3f, reported.Liveness);
        Assert.DoesNotContain(events, e => e is IdentityAssigned);

        // Live faces on the same track still name it.
        for (var f = 15; f < 30; f++) events.AddRange(tracker.Update(See(f, Persons(Standing), [Face(HeadOf(Standing), "carol")])));
        Assert.Equal("carol", Assert.Single(events.OfType<IdentityAssigned>()).Identity);
        Assert.Single(events.OfType<SpoofSuspected>());
    }

    [Fact]
    public void A_stranger_is_reported_once_when_confirmed_and_named_later_if_the_faces_say_so()
    {
        var tracker = new Tracker(Camera);
        var events = new List<TrackEvent>();
        // Unknown faces while the track is still tentative: nothing is said about a track that may be noise.
        events.AddRange(tracker.Update(See(0, Persons(Standing), [Face(HeadOf(Standing), null)])));
        Assert.Empty(events);
        for (var f = 1; f < 10; f++) events.AddRange(tracker.Update(See(f, Persons(Standing), [Face(HeadOf(Standing), null)])));

        Assert.Equal([typeof(TrackStarted), typeof(FaceUnknown)], events.Select(e => e.GetType()));
        Assert.Equal(0.3f, ((FaceUnknown)events[1]).Score, 3);

        // Known faces outvote the unknown ones in the window: the stranger gets a name, and is never reported again.
        for (var f = 10; f < 30; f++) events.AddRange(tracker.Update(See(f, Persons(Standing), [Face(HeadOf(Standing), "frank")])));
        Assert.Equal("frank", Assert.Single(events.OfType<IdentityAssigned>()).Identity);
        Assert.Single(events.OfType<FaceUnknown>());
    }

    [Fact]
    public void A_tied_vote_names_nobody()
    {
        var tracker = new Tracker(Camera);
        var events = new List<TrackEvent>();
        // Two equally large, equally sure faces of the same person that the matcher named differently.
        events.AddRange(tracker.Update(See(0, Persons(Standing), [Face(HeadOf(Standing), "dave")])));
        events.AddRange(tracker.Update(See(1, Persons(Standing), [Face(HeadOf(Standing), "erin")])));
        for (var f = 2; f < 10; f++) events.AddRange(tracker.Update(See(f, Persons(Standing))));

        Assert.IsType<TrackStarted>(Assert.Single(events));
        Assert.Null(Assert.Single(tracker.Tracks).Identity);
    }

    [Fact]
    public void A_named_track_whose_vote_ties_loses_its_name()
    {
        var tracker = new Tracker(Camera);
        var events = new List<TrackEvent>();
        events.AddRange(tracker.Update(See(0, Persons(Standing), [Face(HeadOf(Standing), "dave")])));
        events.AddRange(tracker.Update(See(1, Persons(Standing))));
        events.AddRange(tracker.Update(See(2, Persons(Standing), [Face(HeadOf(Standing), "erin")])));

        var changed = Assert.Single(events.OfType<IdentityChanged>());
        Assert.Equal(("dave", (string?)null), (changed.Previous, changed.Identity));
    }

    [Fact]
    public void Two_faces_never_claim_the_same_person()
    {
        var tracker = new Tracker(Camera);
        // A second face in the same person's box (a poster, a passer-by's face behind): only the head-shaped fit names the person.
        var offCentre = Box.FromCenter(Standing.X2 - 20, Standing.Y1 + 0.4f * Standing.Height, 30, 30);

        var events = Enumerable.Range(0, 6)
            .SelectMany(f => tracker.Update(See(f, Persons(Standing), [Face(offCentre, "mallory"), Face(HeadOf(Standing), "alice")])))
            .ToList();

        Assert.Equal("alice", Assert.Single(events.OfType<IdentityAssigned>()).Identity);
        Assert.Empty(events.OfType<IdentityChanged>());
    }

    [Fact]
    public void Faces_alone_are_tracked_when_there_are_no_person_boxes()
    {
        var tracker = new Tracker(Camera);
        var events = new List<TrackEvent>();
        Box FaceAt(int f) => Box.FromCenter(200 + 4 * f, 150, 60, 60);

        // No person detector: face detection on every third frame, prediction between.
        for (var f = 0; f < 30; f++)
            events.AddRange(tracker.Update(See(f, null, f % 3 == 0 ? [Face(FaceAt(f), "frank")] : null)));
        var track = Assert.Single(tracker.Tracks);
        Assert.True(track.Box.IoU(FaceAt(29)) > 0.8f, $"the face track is at {track.Box}");
        for (var f = 30; f < 30 + Fps * 5; f++) events.AddRange(tracker.Update(See(f, null, [])));

        Assert.Collection(events,
            e => Assert.IsType<TrackStarted>(e),
            e => Assert.Equal("frank", Assert.IsType<IdentityAssigned>(e).Identity),
            e => Assert.Equal("frank", Assert.IsType<TrackEnded>(e).Identity));
    }

    [Fact]
    public void A_one_frame_extra_person_box_never_becomes_a_track()
    {
        var tracker = new Tracker(Camera);
        var events = new List<TrackEvent>();
        var flicker = new Box(450, 90, 520, 300);

        for (var f = 0; f < 30; f += 3)
            events.AddRange(tracker.Update(See(f, f == 12 ? Persons(Standing, flicker) : Persons(Standing))));

        Assert.Single(events.OfType<TrackStarted>());
        Assert.Single(tracker.Tracks);
    }

    [Fact]
    public void A_confirmed_track_without_a_name_needs_identification_until_named()
    {
        var tracker = new Tracker(Camera);
        tracker.Update(See(0, Persons(Standing)));
        Assert.False(tracker.NeedsIdentification); // tentative: maybe noise

        tracker.Update(See(1, Persons(Standing)));
        Assert.True(tracker.NeedsIdentification);

        tracker.Update(See(2, Persons(Standing), [Face(HeadOf(Standing), "carol")]));
        Assert.False(tracker.NeedsIdentification);
    }

    [Fact]
    public void A_new_face_track_asks_for_the_face_detection_that_confirms_it_when_there_are_no_person_boxes()
    {
        var tracker = new Tracker(Camera);
        var head = HeadOf(Standing);

        tracker.Update(See(0, null, [Face(head, "carol")]));
        Assert.True(tracker.NeedsIdentification); // only another face detection can confirm a face track

        var events = tracker.Update(See(15, null, [Face(head, "carol")]));
        Assert.Equal("carol", Assert.Single(events.OfType<IdentityAssigned>()).Identity);
        Assert.False(tracker.NeedsIdentification);
    }

    [Fact]
    public void A_stranger_stops_asking_for_identification_after_the_allowed_attempts()
    {
        var tracker = new Tracker(Camera);
        tracker.Update(See(0, Persons(Standing)));
        tracker.Update(See(1, Persons(Standing)));

        for (var attempt = 1; attempt <= TrackerOptions.Default.MaxIdentificationAttempts; attempt++)
        {
            Assert.True(tracker.NeedsIdentification);
            tracker.Update(See(1 + attempt, Persons(Standing), [Face(HeadOf(Standing), null)]));
        }

        Assert.False(tracker.NeedsIdentification);
        Assert.Null(Assert.Single(tracker.Tracks).Identity);
    }

    [Fact]
    public void A_tracker_refuses_another_cameras_observations()
    {
        var tracker = new Tracker(Camera);

        Assert.Throws<ArgumentException>(() => tracker.Update(new TrackerObservation("yard", 1, Start, Persons(Standing), null)));
    }
}
