using Akka.Actor;
using FaceActors.Pipeline.Cameras;
using FaceActors.Pipeline.Gating;
using FaceActors.Vision.Detection;
using OpenCvSharp;

namespace FaceActors.Pipeline.Actors;

/// <summary>The camera came (back) online: its next frame is unrelated to the last one the gate measured motion against.</summary>
public sealed record CameraRestarted
{
    public static readonly CameraRestarted Instance = new();
}

/// <summary>The tracker's word to its camera's gate: some confirmed track does (or no longer does) need its face looked at.</summary>
public sealed record IdentificationWanted(bool Wanted);

/// <summary>
/// One camera's gate. Asked with a <see cref="CameraFrame.Share"/> of each frame (the stream uses <c>SelectAsync(1, Ask)</c>),
/// it measures the frame's motion, runs YOLO when <see cref="GatePolicy"/> says so, replies with the
/// <see cref="GateDecision"/> and releases its share; the stream carries its own claim on to face detection.
/// It owns the policy's state (cooldown, count, timers) and the motion detector's previous frame. Time is the frame's
/// capture time, so a replayed clip decides as it would live.
/// </summary>
public sealed class GateActor : ReceiveActor
{
    private readonly GatePolicy _policy;
    private readonly MotionDetector _motion;
    private readonly Func<Mat, IReadOnlyList<PersonDetection>>? _detectPersons;

    /// <param name="detectPersons">YOLO on a BGR frame (e.g. <c>YoloPersonDetector.Detect</c>); null when no person
    /// detector is configured, and motion plus refresh drive the gate.</param>
    public GateActor(GateOptions options, MotionDetectorOptions motionOptions, Func<Mat, IReadOnlyList<PersonDetection>>? detectPersons)
    {
        _policy = new GatePolicy(options);
        _motion = new MotionDetector(motionOptions);
        _detectPersons = detectPersons;
        Receive<CameraFrame>(Decide);
        // A statement body: an assignment expression would pick Receive's Func<T, bool> overload, and "false" would
        // report the message as unhandled.
        Receive<IdentificationWanted>(wanted => { _policy.IdentificationWanted = wanted.Wanted; });
        Receive<CameraRestarted>(_ => _motion.Reset());
    }

    public static Akka.Actor.Props Props(GateOptions options, Func<Mat, IReadOnlyList<PersonDetection>>? detectPersons,
        MotionDetectorOptions? motionOptions = null)
    {
        var motion = motionOptions ?? MotionDetectorOptions.Default;
        return Akka.Actor.Props.Create(() => new GateActor(options, motion, detectPersons));
    }

    private void Decide(CameraFrame share)
    {
        using var frame = share;
        // The asker gave up on this frame (its Ask timed out); the next frame is measured against the last one decided.
        if (frame.IsOnlyHolder) return;
        try
        {
            var motion = _motion.Measure(frame.Image);
            var detectPersons = _detectPersons is { } detect ? () => detect(frame.Image) : (Func<IReadOnlyList<PersonDetection>>?)null;
            Sender.Tell(_policy.Decide(frame.Sequence, frame.CapturedAt, motion, detectPersons));
        }
        catch (Exception error)
        {
            // The asker's Ask fails now rather than at its timeout; the supervisor then restarts the gate as usual.
            Sender.Tell(new Status.Failure(error));
            throw;
        }
    }

    protected override void PostStop() => _motion.Dispose();
}
