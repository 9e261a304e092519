using Akka.Actor;
using Akka.Event;
using FaceActors.Pipeline.Cameras;

namespace FaceActors.Pipeline.Actors;

/// <summary>
/// Releases frame shares that reached no actor. A camera's stream can give up on an Ask while the share it sent still
/// waits in the gate's mailbox; when the camera then stops, its gate stops with that share unread, the share becomes a
/// dead letter, and its buffer would never return to the camera's pool (seen as one frame left in flight after a stop).
/// The camera supervisor runs one for its cameras.
/// </summary>
public sealed class FramesLost : ReceiveActor
{
    public FramesLost() => Receive<DeadLetter>(letter =>
    {
        if (letter.Message is CameraFrame share) share.Dispose();
    });

    protected override void PreStart() => Context.System.EventStream.Subscribe(Self, typeof(DeadLetter));

    protected override void PostStop() => Context.System.EventStream.Unsubscribe(Self);

    public static Props Props() => Akka.Actor.Props.Create(() => new FramesLost());
}
