using Akka.Actor;
using FaceActors.Pipeline.Cameras;
using OpenCvSharp;

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

    /// <summary>
    /// Answers a request that holds a <see cref="CameraFrame.Share"/>, and releases the share: nothing when the asker
    /// has let go of the frame (its Ask timed out, so nobody waits and the model has others to serve), otherwise as
    /// <see cref="ReplyWith"/> with the work done on the pixels, whose duration <paramref name="worked"/> is told.
    /// </summary>
    public static void ReplyOnFrame(this IActorRef sender, CameraFrame share, Func<Mat, object> work, Action<TimeSpan>? worked)
    {
        using (share)
        {
            if (share.IsOnlyHolder) return;
            var started = System.Diagnostics.Stopwatch.GetTimestamp();
            sender.ReplyWith(() => work(share.Image));
            worked?.Invoke(System.Diagnostics.Stopwatch.GetElapsedTime(started));
        }
    }
}
