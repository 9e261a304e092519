using Akka.Actor;
using Akka.Event;
using Akka.TestKit.Xunit2;
using FaceActors.Pipeline.Actors;
using FaceActors.Pipeline.Cameras;
using FaceActors.Pipeline.Gating;
using FaceActors.Vision.Detection;
using FaceActors.Vision.Geometry;
using OpenCvSharp;

namespace FaceActors.Pipeline.Tests.Actors;

public sealed class GateActorSpecs : TestKit
{
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly Box Someone = new(100, 100, 200, 400);

    private static Task<IReadOnlyList<PersonDetection>> OnePerson(CameraFrame _) => Task.FromResult<IReadOnlyList<PersonDetection>>([new PersonDetection(Someone, 0.9f)]);

    /// <summary>Frame <paramref name="sequence"/> of a 15 fps camera: a bright block at <paramref name="blockX"/> on grey.</summary>
    private static CameraFrame Frame(long sequence, int blockX)
    {
        var image = new Mat(480, 640, MatType.CV_8UC3, Scalar.All(80));
        Cv2.Rectangle(image, new Rect(blockX, 150, 100, 200), Scalar.All(230), -1);
        return new CameraFrame("door", sequence, Start + TimeSpan.FromSeconds(sequence / 15.0), image);
    }

    /// <summary>Asks as the stream does, one frame at a time with a share of it, and disposes the frame afterwards as its owner.</summary>
    private GateDecision Decide(IActorRef gate, CameraFrame frame)
    {
        using (frame)
        {
            gate.Tell(frame.Share(), TestActor);
            return ExpectMsg<GateDecision>();
        }
    }

    [Fact]
    public void A_gate_should_reply_to_a_frame_with_its_decision_motion_and_person_boxes()
    {
        var yoloRuns = 0;
        var gate = Sys.ActorOf(GateActor.Props(GateOptions.Default, frame =>
        {
            Interlocked.Increment(ref yoloRuns);
            return OnePerson(frame);
        }));

        var first = Decide(gate, Frame(1, 100));

        Assert.Equal(1, first.FrameSequence);
        Assert.Equal(1f, first.Motion);
        Assert.Equal(Someone, Assert.Single(first.Persons!).Box);
        Assert.Equal(1, Volatile.Read(ref yoloRuns));
    }

    [Fact]
    public void A_gate_should_send_a_new_count_to_face_detection_once_it_has_held_for_the_cooldown()
    {
        var gate = Sys.ActorOf(GateActor.Props(GateOptions.Default, OnePerson));

        var decisions = Enumerable.Range(1, 15).Select(i => Decide(gate, Frame(i, 100 + 8 * i))).ToList();

        var change = Assert.Single(decisions, d => d.RunFaceDetection);
        Assert.Equal(GateReason.CountChanged, change.Reason);
        Assert.True(change.FrameSequence >= 1 + GateOptions.Default.Cooldown.TotalSeconds * 15);
        // Moving frames between YOLO passes leave the person boxes to the tracker's prediction.
        Assert.Contains(decisions, d => d.Persons is null && d.Reason == GateReason.Steady);
    }

    [Fact]
    public void A_gate_told_that_a_track_needs_a_name_should_send_the_next_frame_to_face_detection()
    {
        var gate = Sys.ActorOf(GateActor.Props(GateOptions.Default, OnePerson));
        for (var i = 1; i < 30; i++) Decide(gate, Frame(i, 100));

        gate.Tell(new IdentificationWanted(true));
        var decision = Decide(gate, Frame(30, 100));

        Assert.Equal(GateReason.TrackerRequest, decision.Reason);
        Assert.NotNull(decision.Persons);
    }

    [Fact]
    public void A_gate_without_a_person_detector_should_send_motion_after_stillness_to_face_detection()
    {
        var gate = Sys.ActorOf(GateActor.Props(GateOptions.Default, detectPersons: null));

        var first = Decide(gate, Frame(1, 100));
        var still = Enumerable.Range(2, 10).Select(i => Decide(gate, Frame(i, 100))).ToList();
        var moved = Decide(gate, Frame(12, 160));

        Assert.Equal(GateReason.MotionStarted, first.Reason);
        Assert.All(still, d => Assert.Equal(GateReason.NoMotion, d.Reason));
        Assert.Equal(GateReason.MotionStarted, moved.Reason);
        Assert.Null(moved.Persons);
    }

    [Fact]
    public async Task A_gate_whose_person_detector_fails_should_fail_the_ask_at_once()
    {
        var calls = 0;
        var gate = Sys.ActorOf(GateActor.Props(GateOptions.Default, frame => Interlocked.Increment(ref calls) == 1
            ? Task.FromException<IReadOnlyList<PersonDetection>>(new InvalidOperationException("YOLO session lost"))
            : OnePerson(frame)));
        using var frame = Frame(1, 100);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => gate.Ask<GateDecision>(frame.Share(), TimeSpan.FromSeconds(5)));

        Assert.Equal("YOLO session lost", error.Message);
        // Only that frame failed: the same gate decides the next one, with the detector back.
        var next = await gate.Ask<GateDecision>(Frame(2, 300).Share(), TimeSpan.FromSeconds(5));
        Assert.Single(next.Persons!);
    }

    [Fact]
    public void A_gate_should_take_the_trackers_word_either_way_without_reporting_it_unhandled()
    {
        var unhandled = CreateTestProbe();
        Sys.EventStream.Subscribe(unhandled.Ref, typeof(UnhandledMessage));
        var gate = Sys.ActorOf(GateActor.Props(GateOptions.Default, detectPersons: null));

        gate.Tell(new IdentificationWanted(true));
        gate.Tell(new IdentificationWanted(false));

        unhandled.ExpectNoMsg(TimeSpan.FromMilliseconds(300));
    }

    [Fact]
    public void A_gate_told_its_camera_came_back_online_measures_the_next_frame_as_all_motion()
    {
        var gate = Sys.ActorOf(GateActor.Props(GateOptions.Default, detectPersons: null));
        Decide(gate, Frame(1, 100));
        Assert.Equal(0, Decide(gate, Frame(2, 100)).Motion);

        gate.Tell(CameraRestarted.Instance);

        Assert.Equal(1, Decide(gate, Frame(3, 100)).Motion);
    }
}
