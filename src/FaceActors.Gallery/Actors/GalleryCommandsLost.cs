using Akka.Actor;
using Akka.Event;

namespace FaceActors.Gallery.Actors;

/// <summary>
/// Answers gallery commands that became dead letters. Akka stops the gallery actor when a write fails or its recovery
/// does, and the commands already on their way to it (in its mailbox, or stashed while it recovered) are dropped as
/// dead letters; without an answer their callers would wait for their whole timeout. Each is answered with
/// <see cref="GalleryFailed"/> and the reason instead.
/// </summary>
public sealed class GalleryCommandsLost : ReceiveActor
{
    public GalleryCommandsLost(ActorPath gallery)
    {
        Receive<DeadLetter>(letter =>
        {
            if (letter.Message is not IGalleryCommand command || letter.Sender.IsNobody()) return;
            if (!IsWithin(letter.Recipient.Path, gallery)) return;
            letter.Sender.Tell(new GalleryFailed(
                $"The gallery stopped before it could answer {command.GetType().Name} (its store failed; see the log). It is reopening its store; try again in a few seconds."));
        });
    }

    protected override void PreStart() => Context.System.EventStream.Subscribe(Self, typeof(DeadLetter));

    protected override void PostStop() => Context.System.EventStream.Unsubscribe(Self);

    private static bool IsWithin(ActorPath path, ActorPath ancestor)
    {
        for (var p = path; p is not null && p.Elements.Count >= ancestor.Elements.Count; p = p.Parent)
            if (p == ancestor) return true;
        return false;
    }

    public static Props Props(ActorPath gallery) => Akka.Actor.Props.Create(() => new GalleryCommandsLost(gallery));
}
