using System.Diagnostics;
using Akka.Actor;
using FaceActors.Pipeline.Tracking;

namespace FaceActors.Pipeline.Actors;

/// <summary>
/// The tracker's reply to one observation: the events it caused (often none), how many confirmed tracks it follows
/// now, and every track as it stands when the observation asked for them (for a live view to draw; empty otherwise).
/// </summary>
public sealed record TrackerUpdated(string CameraId, long FrameSequence, IReadOnlyList<TrackEvent> Events, int ActiveTracks,
    IReadOnlyList<TrackSnapshot> Tracks);

/// <summary>Asks the tracker to end tracks without a frame: those past their time to live, or all of them.</summary>
public sealed record ExpireTracks(TrackExpiry Expiry);

/// <summary>
/// One camera's tracker. Takes <see cref="TrackerObservation"/>s and <see cref="ExpireTracks"/>, replies with
/// <see cref="TrackerUpdated"/>, and owns the tracks. It tells its gate when a confirmed track starts or stops needing a
/// face looked at, only on a change, so the gate hears one message per nameless arrival rather than one per frame.
/// Time is the frames' capture time; without frames it runs on from the last frame's by the clock.
/// </summary>
public sealed class TrackerActor : ReceiveActor
{
    private readonly string _cameraId;
    private readonly Tracker _tracker;
    private readonly IActorRef _gate;
    private bool _gateToldIdentificationWanted;
    private TrackerObservation? _lastObservation;
    private long _lastObservedTimestamp;

    public TrackerActor(string cameraId, TrackerOptions options, IActorRef gate)
    {
        _cameraId = cameraId;
        _tracker = new Tracker(cameraId, options);
        _gate = gate;
        Receive<TrackerObservation>(Observe);
        Receive<ExpireTracks>(Expire);
    }

    public static Akka.Actor.Props Props(string cameraId, TrackerOptions options, IActorRef gate) =>
        Akka.Actor.Props.Create(() => new TrackerActor(cameraId, options, gate));

    private void Observe(TrackerObservation observation) => Sender.ReplyWith(() =>
    {
        var events = _tracker.Update(observation);
        _lastObservation = observation;
        _lastObservedTimestamp = Stopwatch.GetTimestamp();
        TellGateOfChange();
        return new TrackerUpdated(observation.CameraId, observation.FrameSequence, events, _tracker.ConfirmedTracks,
            observation.TracksWanted ? _tracker.Tracks : []);
    });

    private void Expire(ExpireTracks expire) => Sender.ReplyWith(() =>
    {
        if (_lastObservation is not { } last) return new TrackerUpdated(_cameraId, 0, [], 0, []);
        var now = last.At + Stopwatch.GetElapsedTime(_lastObservedTimestamp);
        var events = expire.Expiry == TrackExpiry.All ? _tracker.EndAll(now) : _tracker.Expire(now);
        TellGateOfChange();
        return new TrackerUpdated(_cameraId, last.FrameSequence, events, _tracker.ConfirmedTracks, []);
    });

    /// <summary>Before the reply: the stream may already be asking the gate about the next frame.</summary>
    private void TellGateOfChange()
    {
        if (_tracker.NeedsIdentification == _gateToldIdentificationWanted) return;
        _gateToldIdentificationWanted = _tracker.NeedsIdentification;
        _gate.Tell(new IdentificationWanted(_gateToldIdentificationWanted));
    }
}
