using FaceActors.Pipeline.Tracking;

namespace FaceActors.Host.Http;

/// <summary>
/// The last events of every camera, for `GET /api/events?since=` and the live view's panel: a bounded ring, so a
/// busy process keeps the newest and memory stays flat. Older history is in the recognition log (`faceactors events`).
/// </summary>
public sealed class RecentEvents(int capacity = 1000)
{
    private readonly Queue<TrackEvent> _events = new(capacity);
    private readonly Lock _gate = new();

    public void Add(TrackEvent trackEvent)
    {
        lock (_gate)
        {
            if (_events.Count == capacity) _events.Dequeue();
            _events.Enqueue(trackEvent);
        }
    }

    /// <summary>The kept events at or after <paramref name="since"/> (all of them when null), oldest first.</summary>
    public IReadOnlyList<TrackEvent> Since(DateTimeOffset? since)
    {
        lock (_gate) return _events.Where(e => since is null || e.At >= since).ToList();
    }
}
