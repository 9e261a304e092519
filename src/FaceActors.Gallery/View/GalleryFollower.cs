using Akka.Actor;
using Akka.Event;
using Akka.Persistence.Query;
using Akka.Persistence.Sql.Query;
using Akka.Streams;
using Akka.Streams.Dsl;
using FaceActors.Gallery.Actors;
using FaceActors.Gallery.Events;
using FaceActors.Gallery.Model;

namespace FaceActors.Gallery.View;

/// <summary>
/// Keeps a node's <see cref="GalleryView"/> in step with the gallery's journal, whoever writes it: this process's
/// gallery, the cluster's singleton on another node, or an `enroll` run beside it. It recovers the gallery as the writer
/// does (the newest snapshot and the events after it), then reads the events written since through
/// Akka.Persistence.Query's live events-by-persistence-id, polled every refresh-interval, and publishes each new state.
/// An event it finds missing (deleted by a purge before it was read; the writer marks each purge with
/// <see cref="GalleryPurged"/>) makes it reload at once, by failing (its supervisor restarts it, which recovers
/// again). A store that is away stops it, and its backoff supervisor starts it again after the writer's backoff: a
/// follower retrying faster would trip the journal's circuit breaker, and keep it open after the store is back.
/// It never writes.
/// </summary>
public sealed class GalleryFollower : GalleryReplayActor
{
    /// <summary>The read journal's plugin id (Akka.Persistence.Sql's), configured beside the journal.</summary>
    public const string ReadJournal = "akka.persistence.query.journal.sql";

    private sealed record Followed(long SequenceNr, IGalleryEvent Change);

    private sealed record StreamEnded(Exception? Failure);

    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly GalleryView _view;
    private readonly TaskCompletionSource<GalleryState> _ready;
    private long _sequenceNr;
    private UniqueKillSwitch? _stream;

    /// <param name="ready">Completed with the first state published, once recovery is done.</param>
    public GalleryFollower(GalleryView view, GalleryRecovery recovery, TaskCompletionSource<GalleryState> ready) : base(recovery)
    {
        _view = view;
        _ready = ready;
        Command<Followed>(followed =>
        {
            if (followed.SequenceNr <= _sequenceNr) return;
            if (followed.SequenceNr != _sequenceNr + 1)
                throw new GalleryEventsPurgedException(_sequenceNr + 1, followed.SequenceNr);
            _sequenceNr = followed.SequenceNr;
            State = State.Apply(followed.Change);
            _view.Publish(State, _sequenceNr);
        });
        Command<StreamEnded>(ended =>
        {
            _log.Warning("Gallery view: the gallery's journal stopped being readable ({0}); reading it again shortly",
                ended.Failure?.GetBaseException().Message ?? "its query ended");
            Context.Stop(Self);
        });
    }

    protected override void Recovered()
    {
        _sequenceNr = LastSequenceNr;
        _view.Publish(State, _sequenceNr);
        _ready.TrySetResult(State);
        var self = Self;
        _stream = PersistenceQuery.Get(Context.System).ReadJournalFor<SqlReadJournal>(ReadJournal)
            .EventsByPersistenceId(PersistenceId, _sequenceNr + 1, long.MaxValue)
            .Select(envelope => (object)new Followed(envelope.SequenceNr, (IGalleryEvent)envelope.Event))
            .ViaMaterialized(KillSwitches.Single<object>(), Keep.Right)
            .To(Sink.ActorRef<object>(self, new StreamEnded(null), failure => new StreamEnded(failure)))
            .Run(Context.Materializer());
    }

    protected override void OnRecoveryFailure(Exception reason, object? message = null)
    {
        _log.Warning("Gallery view: the gallery could not be read from its store ({0}); trying again", reason.GetBaseException().Message);
        // An unreadable snapshot is skipped on the next try; anything else the caller waiting for the view hears of.
        if (reason is not UnreadableSnapshotException)
            _ready.TrySetException(new GalleryStoreException($"The gallery could not be read from its store: {reason.GetBaseException().Message}", reason));
        base.OnRecoveryFailure(reason, message);
    }

    protected override void PostStop() => _stream?.Shutdown();

    public static Props Props(GalleryView view, GalleryRecovery recovery, TaskCompletionSource<GalleryState> ready) =>
        Akka.Actor.Props.Create(() => new GalleryFollower(view, recovery, ready));
}

/// <summary>The follower read an event past the one it expected: those between were purged before it read them, so it reloads.</summary>
public sealed class GalleryEventsPurgedException(long expected, long read)
    : Exception($"the gallery's event {expected} was purged before this view read it (it read {read}); reloading from the snapshot");
