using Akka.Actor;

namespace FaceActors.Pipeline.Actors;

/// <summary>
/// Counts the requests waiting for (or in) one shared model actor across all cameras: the depth of its queue, which
/// says when cameras wait on inference rather than on their own work.
/// </summary>
public sealed class InferenceQueue
{
    private int _depth;

    public int Depth => Volatile.Read(ref _depth);

    public async Task<T> Ask<T>(IActorRef model, object request, TimeSpan timeout)
    {
        Interlocked.Increment(ref _depth);
        try
        {
            return await model.Ask<T>(request, timeout);
        }
        finally
        {
            Interlocked.Decrement(ref _depth);
        }
    }
}
