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
/// it measures the frame's motion, asks the shared person detector when <see cref="GatePolicy"/> says so, replies with
/// the <see cref="GateDecision"/> and releases its share; the stream carries its own claim on to face detection. While
/// the person detector works the gate takes no other message, so the policy sees its frames one after another.
/// It owns the policy's state (cooldown, count, timers) and the motion detector's previous frame. Time is the frame's
/// capture time, so a replayed clip decides as it would live.
/// </summary>
public sealed class GateActor : ReceiveActor
{
    private readonly GatePolicy _policy;
    private readonly MotionDetector _motion;
    private readonly Func<CameraFrame, Task<IReadOnlyList<PersonDetection>>>? _detectPersons;

    /// <param name="detectPersons">YOLO on a frame (<see cref="SharedInference.DetectPersons"/>: an Ask to the
    /// <see cref="PersonDetectionActor"/>); null when no person detector is configured, and motion plus refresh drive the gate.</param>
    public GateActor(GateOptions options, MotionDetectorOptions motionOptions, Func<CameraFrame, Task<IReadOnlyList<PersonDetection>>>? detectPersons)
    {
        _policy = new GatePolicy(options);
        _motion = new MotionDetector(motionOptions);
        _detectPersons = detectPersons;
        ReceiveAsync<CameraFrame>(DecideAsync);
        // A statement body: an assignment expression would pick Receive's Func<T, bool> overload, and "false" would
        // report the message as unhandled.
        Receive<IdentificationWanted>(wanted => { _policy.IdentificationWanted = wanted.Wanted; });
        Receive<CameraRestarted>(_ => _motion.Reset());
    }

    public static Akka.Actor.Props Props(GateOptions options, Func<CameraFrame, Task<IReadOnlyList<PersonDetection>>>? detectPersons,
        MotionDetectorOptions? motionOptions = null)
    {
        var motion = motionOptions ?? MotionDetectorOptions.Default;
        return Akka.Actor.Props.Create(() => new GateActor(options, motion, detectPersons));
    }

    private async Task DecideAsync(CameraFrame share)
    {
        using var frame = share;
        // The asker gave up on this frame (its Ask timed out); the next frame is measured against the last one decided.
        if (frame.IsOnlyHolder) return;
        var asker = Sender;
        PendingDecision pending;
        try
        {
            pending = _policy.Begin(frame.Sequence, frame.CapturedAt, _motion.Measure(frame.Image), _detectPersons is not null);
        }
        catch (Exception error)
        {
            // The asker's Ask fails now rather than at its timeout; the supervisor then restarts the gate as usual.
            asker.Tell(new Status.Failure(error));
            throw;
        }
        try
        {
            var persons = pending.RunsPersonDetection ? await _detectPersons!(frame) : null;
            asker.Tell(_policy.Complete(pending, persons));
        }
        catch (Exception error)
        {
            // The shared detector failed or was late on this frame: the frame fails, the gate and its state go on.
            asker.Tell(new Status.Failure(error));
        }
    }

    protected override void PostStop() => _motion.Dispose();
}
