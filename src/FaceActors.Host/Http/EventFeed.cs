using System.Threading.Channels;
using FaceActors.Pipeline.Tracking;

namespace FaceActors.Host.Http;

/// <summary>
/// Every camera's events for HTTP clients: the last ones in a bounded ring (for `GET /api/events?since=` and the live
/// view's panel; older history is in the recognition log), and a live subscription per streaming client. A client
/// that reads too slowly loses its own oldest unsent events; it never holds up the pipeline or other clients.
/// </summary>
public sealed class EventFeed(int capacity = 1000, int subscriberBuffer = 256)
{
    private readonly Queue<TrackEvent> _recent = new(capacity);
    private readonly List<Channel<TrackEvent>> _subscribers = [];
    private readonly Lock _gate = new();

    public void Publish(TrackEvent trackEvent)
    {
        lock (_gate)
        {
            if (_recent.Count == capacity) _recent.Dequeue();
            _recent.Enqueue(trackEvent);
            foreach (var subscriber in _subscribers) subscriber.Writer.TryWrite(trackEvent);
        }
    }

    /// <summary>The kept events at or after <paramref name="since"/> (all of them when null), oldest first.</summary>
    public IReadOnlyList<TrackEvent> Since(DateTimeOffset? since)
    {
        lock (_gate) return _recent.Where(e => since is null || e.At >= since).ToList();
    }

    /// <summary>Every event published from now until <paramref name="cancellation"/> fires.</summary>
    public async IAsyncEnumerable<TrackEvent> Subscribe([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellation)
    {
        var channel = Channel.CreateBounded<TrackEvent>(new BoundedChannelOptions(subscriberBuffer) { FullMode = BoundedChannelFullMode.DropOldest });
        lock (_gate) _subscribers.Add(channel);
        try
        {
            await foreach (var trackEvent in channel.Reader.ReadAllAsync(cancellation)) yield return trackEvent;
        }
        finally
        {
            lock (_gate) _subscribers.Remove(channel);
        }
    }
}
