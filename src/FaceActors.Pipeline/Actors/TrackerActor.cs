using Akka.Actor;
using FaceActors.Pipeline.Tracking;

namespace FaceActors.Pipeline.Actors;

/// <summary>
/// The tracker's reply to one observation: the events it caused (often none), how many confirmed tracks it follows
/// now, and every track as it stands when the observation asked for them (for a live view to draw; empty otherwise).
/// </summary>
public sealed record TrackerUpdated(string CameraId, long FrameSequence, IReadOnlyList<TrackEvent> Events, int ActiveTracks,
    IReadOnlyList<TrackSnapshot> Tracks);

/// <summary>
/// One camera's tracker. Takes <see cref="TrackerObservation"/>s, replies with <see cref="TrackerUpdated"/>, and owns
/// the tracks. It tells its gate when a confirmed track starts or stops needing a face looked at, only on a change,
/// so the gate hears one message per nameless arrival rather than one per frame.
/// </summary>
public sealed class TrackerActor : ReceiveActor
{
    private readonly Tracker _tracker;
    private readonly IActorRef _gate;
    private bool _gateToldIdentificationWanted;

    public TrackerActor(string cameraId, TrackerOptions options, IActorRef gate)
    {
        _tracker = new Tracker(cameraId, options);
        _gate = gate;
        Receive<TrackerObservation>(Observe);
    }

    public static Akka.Actor.Props Props(string cameraId, TrackerOptions options, IActorRef gate) =>
        Akka.Actor.Props.Create(() => new TrackerActor(cameraId, options, gate));

    private void Observe(TrackerObservation observation) => Sender.ReplyWith(() =>
    {
        var events = _tracker.Update(observation);
        // The gate first: the stream may already be asking it about the next frame.
        if (_tracker.NeedsIdentification != _gateToldIdentificationWanted)
        {
            _gateToldIdentificationWanted = _tracker.NeedsIdentification;
            _gate.Tell(new IdentificationWanted(_gateToldIdentificationWanted));
        }
        return new TrackerUpdated(observation.CameraId, observation.FrameSequence, events, _tracker.ConfirmedTracks,
            observation.TracksWanted ? _tracker.Tracks : []);
    });
}
