using Akka.Actor;

namespace FaceActors.Pipeline.Actors;

internal static class ActorReplies
{
    /// <summary>
    /// Replies with the work's result, or with <see cref="Status.Failure"/> when it throws, so an asking
    /// stream fails fast with the real error instead of timing out, and the actor keeps its state.
    /// </summary>
    public static void ReplyWith(this IActorRef sender, Func<object> work)
    {
        object reply;
        try
        {
            reply = work();
        }
        catch (Exception e)
        {
            reply = new Status.Failure(e);
        }
        sender.Tell(reply);
    }
}
