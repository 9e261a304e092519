using System.Threading.Channels;
using FaceActors.Review.Library;
using FaceActors.Storage;

namespace FaceActors.Review.Storage;

/// <summary>
/// Keeps the review's faces in the database (faceactors.review.store = on): at start the faces within the retention are
/// read back and grouped again, older ones deleted; from then on every face kept is written and every face forgotten
/// (named, dismissed, past the retention or the bound) deleted, in batches once a second, off the cameras' threads.
/// A database that is away costs log lines and, past the bound, the oldest unwritten faces; never a camera, and never
/// the review in memory.
/// </summary>
public sealed class ReviewPersistence : IReviewJournal, IAsyncDisposable
{
    private static readonly TimeSpan WriteEvery = TimeSpan.FromSeconds(1);

    private abstract record Change;
    private sealed record Added(ReviewFace Face) : Change;
    private sealed record Removed(IReadOnlyCollection<Guid> Faces) : Change;

    private readonly FaceReview _review;
    private readonly ReviewStore _store;
    private readonly Action<string> _log;
    private readonly Channel<Change> _changes = Channel.CreateUnbounded<Change>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Dictionary<Guid, ReviewFace> _unwrittenAdds = [];
    private readonly HashSet<Guid> _unwrittenRemoves = [];
    private readonly int _bound;
    private readonly Task _writing;
    private bool _failing;

    private ReviewPersistence(FaceReview review, ReviewStore store, Action<string> log)
    {
        (_review, _store, _bound, _log) = (review, store, review.Options.MaxFaces, log);
        _writing = Task.Run(WriteAsync);
    }

    /// <summary>Reads the kept faces back into <paramref name="review"/> and keeps them in step from now on.</summary>
    /// <exception cref="StoreUnavailableException">The database cannot be opened.</exception>
    public static async Task<ReviewPersistence> StartAsync(FaceReview review, SqlDatabase database, Action<string> log, CancellationToken cancellation = default)
    {
        var store = await ReviewStore.OpenAsync(database, cancellation);
        var expired = await store.RemoveOlderThanAsync(DateTimeOffset.UtcNow - review.Options.Retention, cancellation);
        var faces = await store.LoadAsync(cancellation);
        review.Restore(faces);
        log($"Face library: {faces.Count} face(s) read back from the {database.Describe()}{(expired > 0 ? $", {expired} past the retention deleted" : "")}");
        var persistence = new ReviewPersistence(review, store, log);
        review.Journal = persistence;
        return persistence;
    }

    public void Kept(ReviewFace face) => _changes.Writer.TryWrite(new Added(face));

    public void Forgotten(IReadOnlyCollection<Guid> faces) => _changes.Writer.TryWrite(new Removed(faces.ToList()));

    private async Task WriteAsync()
    {
        while (true)
        {
            // Completes once nothing more will come and everything was read: then this is the last flush.
            var ended = _changes.Reader.Completion;
            await Task.WhenAny(ended, Task.Delay(WriteEvery));
            // Faces past the retention leave the review (and so the database) though no new face comes to push them out.
            _review.ForgetExpired();
            while (_changes.Reader.TryRead(out var change)) Take(change);
            await FlushAsync();
            if (ended.IsCompleted) return;
        }
    }

    private void Take(Change change)
    {
        switch (change)
        {
            case Added added:
                _unwrittenAdds[added.Face.Id] = added.Face;
                // Past the bound the oldest unwritten go: the review itself holds no more than that.
                while (_unwrittenAdds.Count > _bound) _unwrittenAdds.Remove(_unwrittenAdds.Values.MinBy(f => f.At)!.Id);
                break;
            case Removed removed:
                foreach (var id in removed.Faces)
                    if (!_unwrittenAdds.Remove(id)) _unwrittenRemoves.Add(id);
                break;
        }
    }

    private async Task FlushAsync()
    {
        if (_unwrittenAdds.Count == 0 && _unwrittenRemoves.Count == 0) return;
        try
        {
            await _store.AddAsync(_unwrittenAdds.Values.OrderBy(f => f.At).ToList());
            _unwrittenAdds.Clear();
            await _store.RemoveAsync(_unwrittenRemoves);
            _unwrittenRemoves.Clear();
            if (_failing) _log("Face library: the database takes the review's faces again");
            _failing = false;
        }
        catch (Exception e) when (e is StoreUnavailableException or System.Data.Common.DbException or TimeoutException)
        {
            if (!_failing) _log($"Face library: the review's faces cannot be written ({e.Message}); they are kept in memory and written when the database is back");
            _failing = true;
        }
    }

    /// <summary>Writes what is pending and stops.</summary>
    public async ValueTask DisposeAsync()
    {
        _changes.Writer.TryComplete();
        if (await Task.WhenAny(_writing, Task.Delay(TimeSpan.FromSeconds(10))) != _writing)
            _log("Face library: the last changes to the review were not written within 10 s");
    }
}
