using Akka.TestKit.Xunit2;
using FaceActors.Pipeline.Actors;
using FaceActors.Pipeline.Tracking;
using FaceActors.Recognition.Matching;
using FaceActors.Vision.Detection;
using FaceActors.Vision.Geometry;

namespace FaceActors.Pipeline.Tests.Actors;

public sealed class TrackerActorSpecs : TestKit
{
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly Box Standing = new(200, 80, 320, 420);

    /// <summary>Frame <paramref name="sequence"/> of a 15 fps camera: YOLO saw one person standing, and maybe their face.</summary>
    private static TrackerObservation See(long sequence, IReadOnlyList<RecognizedFace>? faces = null) =>
        new("door", sequence, Start + TimeSpan.FromSeconds(sequence / 15.0), [new PersonDetection(Standing, 0.9f)], faces);

    private static RecognizedFace FaceOf(string identity) =>
        TestFaces.Recognized(new FaceDetection(Box.FromCenter(260, 120, 36, 36), 0.99f, new FaceLandmarks(LandmarkScheme.Mtcnn5, [])), new FaceMatch(identity, 0.8f, identity));

    [Fact]
    public void A_tracker_should_reply_to_each_observation_with_the_events_it_caused()
    {
        var tracker = Sys.ActorOf(TrackerActor.Props("door", TrackerOptions.Default, CreateTestProbe().Ref));

        tracker.Tell(See(1, [FaceOf("carol")]), TestActor);
        var first = ExpectMsg<TrackerUpdated>();
        tracker.Tell(See(2), TestActor);
        var second = ExpectMsg<TrackerUpdated>();

        Assert.Empty(first.Events);
        Assert.Equal(("door", 2L), (second.CameraId, second.FrameSequence));
        Assert.Collection(second.Events,
            started => Assert.IsType<TrackStarted>(started),
            named => Assert.Equal("carol", Assert.IsType<IdentityAssigned>(named).Identity));
    }

    [Fact]
    public void Without_frames_a_track_ends_once_its_time_to_live_has_passed_by_the_clock_and_every_track_ends_with_the_frames()
    {
        var options = TrackerOptions.Default with { TimeToLive = TimeSpan.FromMilliseconds(600) };
        var tracker = Sys.ActorOf(TrackerActor.Props("door", options, CreateTestProbe().Ref));
        tracker.Tell(See(1, [FaceOf("carol")]), TestActor);
        tracker.Tell(See(2), TestActor);
        ExpectMsg<TrackerUpdated>();
        Assert.IsType<TrackStarted>(ExpectMsg<TrackerUpdated>().Events[0]);

        // The camera stalls: no frame comes, but time passes.
        tracker.Tell(new ExpireTracks(TrackExpiry.Due), TestActor);
        Assert.Empty(ExpectMsg<TrackerUpdated>().Events);
        Thread.Sleep(options.TimeToLive + TimeSpan.FromMilliseconds(200));
        tracker.Tell(new ExpireTracks(TrackExpiry.Due), TestActor);
        var expired = ExpectMsg<TrackerUpdated>();
        Assert.Equal("carol", Assert.IsType<TrackEnded>(Assert.Single(expired.Events)).Identity);
        Assert.Equal(0, expired.ActiveTracks);

        // A new person, then the camera's frames end: the track ends at once.
        tracker.Tell(See(100), TestActor);
        tracker.Tell(See(101), TestActor);
        ExpectMsg<TrackerUpdated>();
        Assert.IsType<TrackStarted>(Assert.Single(ExpectMsg<TrackerUpdated>().Events));
        tracker.Tell(new ExpireTracks(TrackExpiry.All), TestActor);
        Assert.IsType<TrackEnded>(Assert.Single(ExpectMsg<TrackerUpdated>().Events));
    }

    [Fact]
    public void A_tracker_should_list_its_tracks_only_when_the_observation_asks_for_them()
    {
        var tracker = Sys.ActorOf(TrackerActor.Props("door", TrackerOptions.Default, CreateTestProbe().Ref));

        tracker.Tell(See(1, [FaceOf("carol")]), TestActor);
        var unwatched = ExpectMsg<TrackerUpdated>();
        tracker.Tell(See(2) with { TracksWanted = true }, TestActor);
        var watched = ExpectMsg<TrackerUpdated>();

        Assert.Empty(unwatched.Tracks);
        var track = Assert.Single(watched.Tracks);
        Assert.Equal((true, "carol"), (track.Confirmed, track.Identity));
    }

    [Fact]
    public void A_tracker_should_tell_the_gate_once_when_a_track_needs_a_name_and_once_when_it_has_one()
    {
        var gate = CreateTestProbe();
        var tracker = Sys.ActorOf(TrackerActor.Props("door", TrackerOptions.Default, gate.Ref));

        tracker.Tell(See(1), TestActor);
        ExpectMsg<TrackerUpdated>();
        gate.ExpectNoMsg(TimeSpan.FromMilliseconds(100)); // a tentative track may be noise

        tracker.Tell(See(2), TestActor);
        ExpectMsg<TrackerUpdated>();
        Assert.True(gate.ExpectMsg<IdentificationWanted>().Wanted);

        tracker.Tell(See(3), TestActor);
        ExpectMsg<TrackerUpdated>();
        gate.ExpectNoMsg(TimeSpan.FromMilliseconds(100)); // told on a change, not on every frame

        tracker.Tell(See(4, [FaceOf("carol")]), TestActor);
        ExpectMsg<TrackerUpdated>();
        Assert.False(gate.ExpectMsg<IdentificationWanted>().Wanted);
    }

    [Fact]
    public void A_tracker_should_answer_an_observation_it_cannot_take_with_the_failure_and_keep_its_tracks()
    {
        var tracker = Sys.ActorOf(TrackerActor.Props("door", TrackerOptions.Default, CreateTestProbe().Ref));
        tracker.Tell(See(1), TestActor);
        ExpectMsg<TrackerUpdated>();

        tracker.Tell(See(2) with { CameraId = "yard" }, TestActor);
        var failure = ExpectMsg<Akka.Actor.Status.Failure>();
        tracker.Tell(See(3), TestActor);

        Assert.Contains("'yard'", failure.Cause.Message);
        Assert.IsType<TrackStarted>(Assert.Single(ExpectMsg<TrackerUpdated>().Events)); // the track of frame 1 went on
    }
}
