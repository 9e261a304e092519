using System.Numerics.Tensors;
using Akka.Actor;
using Akka.Event;
using Akka.Persistence;
using FaceActors.Gallery.Events;
using FaceActors.Gallery.Model;
using FaceActors.Gallery.Serialization;
using FaceActors.Gallery.View;

namespace FaceActors.Gallery.Actors;

/// <summary>A message the gallery answers; one that cannot reach it is answered by <see cref="GalleryCommandsLost"/>.</summary>
public interface IGalleryCommand;

/// <summary>Add an identity with its samples, or (<paramref name="AddToExisting"/>) add samples to one. Replies <see cref="Enrolled"/> once written.</summary>
public sealed record Enroll(string Name, IReadOnlyList<GallerySample> Samples, bool AddToExisting) : IGalleryCommand;

/// <param name="Duplicates">Sources of samples skipped as near-duplicates of a sample the identity already has.</param>
public sealed record Enrolled(string Name, bool NewIdentity, int SamplesAdded, IReadOnlyList<string> Duplicates);

/// <summary>Swap samples of an identity in one write (re-embedding). Replies <see cref="SamplesReplaced"/>.</summary>
public sealed record ReplaceSamples(string Name, IReadOnlyList<GallerySample> Add, IReadOnlyList<Guid> Remove) : IGalleryCommand;

public sealed record SamplesReplaced(string Name, int Added, int Removed);

public sealed record Rename(string Name, string NewName) : IGalleryCommand;

public sealed record Renamed(string Name, string NewName);

/// <summary>Faces taken for the identity that are not them ("not this person"), written together. Replies <see cref="NegativesAdded"/>.</summary>
public sealed record AddNegatives(string Name, IReadOnlyList<GallerySample> Negatives) : IGalleryCommand;

/// <param name="Negatives">The identity's negatives now, these included.</param>
public sealed record NegativesAdded(string Name, int Added, int Negatives);

/// <summary>Forget an identity. Replies <see cref="Erased"/> only when its embeddings are gone from the journal and the snapshots.</summary>
public sealed record Erase(string Name) : IGalleryCommand;

public sealed record Erased(string Name);

/// <summary>Replies the current <see cref="GalleryState"/>.</summary>
public sealed record GetGallery : IGalleryCommand
{
    public static GetGallery Instance { get; } = new();
}

/// <summary>A command the gallery did not carry out, and why (a name taken, unknown, invalid).</summary>
public sealed record GalleryRefused(string Reason);

/// <summary>
/// A command the gallery could not carry out because of its store, and why. A reply rather than an exception in a
/// <see cref="Status.Failure"/>, because on a cluster it crosses nodes, and exceptions have no wire format.
/// </summary>
public sealed record GalleryFailed(string Reason);

/// <param name="DuplicateSimilarity">Cosine at or above which a new sample counts as a near-duplicate of one the identity has.</param>
/// <param name="SnapshotEvery">Events between snapshots; recovery replays at most this many events after the last snapshot.</param>
public sealed record GalleryOptions(float DuplicateSimilarity, int SnapshotEvery);

/// <summary>
/// The gallery, event-sourced: the only writer of the identities and their reference embeddings. Each change
/// is journaled before it is applied, shown in this process's <see cref="GalleryView"/> and acknowledged (views
/// elsewhere follow the journal: <see cref="GalleryFollower"/>), and every <see cref="GalleryOptions.SnapshotEvery"/> events a snapshot
/// bounds recovery time. A change the store rejects or fails to write is answered with <see cref="GalleryFailed"/>
/// and the reason at once.
/// After a failed write Akka stops the actor; it runs under a backoff supervisor (<see cref="PersistentGallery"/>),
/// which starts it again to recover from the store, and answers commands with the reason meanwhile.
/// </summary>
public sealed class GalleryActor : GalleryReplayActor
{
    public const string Id = "faceactors-gallery";
    private const int MaxNameLength = 100;

    private readonly GalleryView? _view;
    private readonly GalleryOptions _options;
    private readonly TaskCompletionSource<GalleryState> _recovered;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    // Who waits for the change being persisted (commands are stashed meanwhile, so there is at most one), and what it was.
    private (IActorRef ReplyTo, string Change)? _persisting;

    // Erasures wait for the purge that covers their event; see Purge.
    private readonly List<(IActorRef ReplyTo, Erased Reply, long SequenceNr)> _erasures = [];
    private PurgeInFlight? _purge;
    private long _purgeNext;

    /// <param name="recovery">Shared by every incarnation the supervisor starts: where recovery begins, and which snapshots were unreadable.</param>
    /// <param name="view">This process's view, shown each change as soon as it is written; null when the writer runs on
    /// another node than the views (a cluster), which see it through their followers.</param>
    public static Props Props(GalleryView? view, GalleryOptions options, TaskCompletionSource<GalleryState> recovered, GalleryRecovery recovery) =>
        Akka.Actor.Props.Create(() => new GalleryActor(view, options, recovered, recovery));

    public GalleryActor(GalleryView? view, GalleryOptions options, TaskCompletionSource<GalleryState> recovered, GalleryRecovery recovery) : base(recovery)
    {
        _view = view;
        _options = options;
        _recovered = recovered;

        Command<GetGallery>(_ => Sender.Tell(State));
        Command<Enroll>(HandleEnroll);
        Command<ReplaceSamples>(HandleReplace);
        Command<Rename>(HandleRename);
        Command<AddNegatives>(HandleAddNegatives);
        Command<Erase>(HandleErase);

        Command<SaveSnapshotSuccess>(saved => Purged(saved.Metadata.SequenceNr));
        Command<DeleteSnapshotSuccess>(deleted => _log.Info("Gallery store: deleted the unreadable snapshot at {0}", deleted.Metadata.SequenceNr));
        Command<DeleteSnapshotFailure>(failed => _log.Warning("Gallery store: the unreadable snapshot at {0} could not be deleted: {1}", failed.Metadata.SequenceNr, failed.Cause.Message));
        Command<SaveSnapshotFailure>(failed => FailErasures($"the snapshot could not be saved: {failed.Cause.Message}"));
        Command<DeleteMessagesSuccess>(_ => PurgeStepDone(journal: true, failure: null));
        Command<DeleteMessagesFailure>(failed => PurgeStepDone(journal: true, $"old journal events could not be deleted: {failed.Cause.Message}"));
        Command<DeleteSnapshotsSuccess>(_ => PurgeStepDone(journal: false, failure: null));
        Command<DeleteSnapshotsFailure>(failed => PurgeStepDone(journal: false, $"old snapshots could not be deleted: {failed.Cause.Message}"));
    }

    protected override void OnPersistFailure(Exception cause, object @event, long sequenceNr)
    {
        AnswerPersistProblem($"the gallery store could not write it ({cause.GetBaseException().Message}); the gallery is reopening its store, try again shortly");
        base.OnPersistFailure(cause, @event, sequenceNr);
    }

    protected override void OnPersistRejected(Exception cause, object @event, long sequenceNr)
    {
        AnswerPersistProblem($"the gallery store refused it ({cause.GetBaseException().Message})");
        base.OnPersistRejected(cause, @event, sequenceNr);
    }

    private void AnswerPersistProblem(string problem)
    {
        if (_persisting is not var (replyTo, change)) return;
        _persisting = null;
        replyTo.Tell(new GalleryFailed($"{change} was not saved: {problem}."));
    }

    /// <summary>Persists the command's events, remembering who to tell should the store fail them.</summary>
    private void PersistChanges(string change, IReadOnlyList<IGalleryEvent> events, Action<IGalleryEvent> handler)
    {
        _persisting = (Sender, change);
        var remaining = events.Count;
        PersistAll(events, persisted =>
        {
            if (--remaining == 0) _persisting = null;
            handler(persisted);
        });
    }

    /// <summary>Recovered from an older snapshot: write the gallery's state as a new one and delete the unreadable ones.</summary>
    private void RepairSnapshots()
    {
        _log.Warning("Gallery store: recovered from the snapshot at {0} and the events after it, skipping the unreadable one(s) at {1}; writing a new snapshot",
            LastSnapshotSequenceNr, string.Join(", ", RecoveryStart.Skipped));
        foreach (var unreadable in RecoveryStart.Skipped) DeleteSnapshot(unreadable);
        TakeSnapshot();
    }

    protected override void Recovered()
    {
        _view?.Publish(State, LastSequenceNr);
        _recovered.TrySetResult(State);
        if (RecoveryStart.Skipped.Count > 0) RepairSnapshots();
    }

    protected override void OnRecoveryFailure(Exception reason, object? message = null)
    {
        if (reason is UnreadableSnapshotException unreadable)
        {
            // The supervisor starts the gallery again, from the snapshot before this one.
            _log.Warning("Gallery store: {0}", unreadable.Message);
            base.OnRecoveryFailure(reason, message);
            return;
        }
        _recovered.TrySetException(new GalleryStoreException($"The gallery could not be read from its store: {reason.GetBaseException().Message}", reason));
        base.OnRecoveryFailure(reason, message);
    }

    private void HandleEnroll(Enroll command)
    {
        if (Refuse(ValidName(command.Name))) return;
        if (command.Samples.Count == 0 && Refuse("no sample to enrol")) return;
        var name = command.Name.Trim();
        var identity = State.Find(name);
        if (identity is not null && !command.AddToExisting &&
            Refuse($"'{identity.Name}' is already enrolled; use --add to add samples to it, or choose another name")) return;

        var accepted = new List<GallerySample>();
        var duplicates = new List<string>();
        foreach (var sample in command.Samples)
        {
            var nearDuplicate = (identity?.Samples ?? []).Concat(accepted).Any(s =>
                s.Embedder == sample.Embedder && TensorPrimitives.Dot(s.Embedding, sample.Embedding) >= _options.DuplicateSimilarity);
            if (nearDuplicate) duplicates.Add(sample.Source);
            else accepted.Add(sample);
        }

        var reply = new Enrolled(identity?.Name ?? name, identity is null, accepted.Count, duplicates);
        if (accepted.Count == 0)
        {
            Sender.Tell(reply);
            return;
        }
        IGalleryEvent change = identity is null ? new IdentityEnrolled(Guid.NewGuid(), name, accepted) : new SamplesAdded(identity.Id, accepted);
        PersistChanges($"The enrolment of '{reply.Name}'", [change], persisted =>
        {
            Apply(persisted);
            Sender.Tell(reply);
        });
    }

    private void HandleReplace(ReplaceSamples command)
    {
        var identity = State.Find(command.Name);
        if (identity is null && Refuse($"'{command.Name}' is not enrolled")) return;
        var unknown = command.Remove.Where(id => identity!.Samples.All(s => s.Id != id)).ToList();
        if (unknown.Count > 0 && Refuse($"'{identity!.Name}' has no sample {unknown[0]}")) return;

        // One atomic write: a crash cannot leave the identity with its old samples removed and no new ones.
        var changes = new List<IGalleryEvent>();
        if (command.Add.Count > 0) changes.Add(new SamplesAdded(identity!.Id, command.Add));
        changes.AddRange(command.Remove.Select(id => new SampleRemoved(identity!.Id, id)));
        var reply = new SamplesReplaced(identity!.Name, command.Add.Count, command.Remove.Count);
        if (changes.Count == 0)
        {
            Sender.Tell(reply);
            return;
        }
        var remaining = changes.Count;
        PersistChanges($"The new samples of '{identity.Name}'", changes, persisted =>
        {
            Apply(persisted);
            if (--remaining == 0) Sender.Tell(reply);
        });
    }

    private void HandleRename(Rename command)
    {
        var identity = State.Find(command.Name);
        if (identity is null && Refuse($"'{command.Name}' is not enrolled")) return;
        if (Refuse(ValidName(command.NewName))) return;
        var newName = command.NewName.Trim();
        var holder = State.Find(newName);
        if (holder is not null && holder.Id != identity!.Id && Refuse($"'{holder.Name}' is already enrolled; erase it first or choose another name")) return;
        PersistChanges($"The renaming of '{identity!.Name}'", [new IdentityRenamed(identity.Id, newName)], persisted =>
        {
            Apply(persisted);
            Sender.Tell(new Renamed(identity.Name, newName));
        });
    }

    private void HandleAddNegatives(AddNegatives command)
    {
        var identity = State.Find(command.Name);
        if (identity is null && Refuse($"'{command.Name}' is not enrolled")) return;
        if (command.Negatives.Count == 0 && Refuse("no face to record as not this person")) return;
        var remaining = command.Negatives.Count;
        PersistChanges($"The negatives of '{identity!.Name}'", command.Negatives.Select(n => (IGalleryEvent)new NegativeAdded(identity.Id, n)).ToList(), persisted =>
        {
            Apply(persisted);
            if (--remaining == 0) Sender.Tell(new NegativesAdded(identity.Name, command.Negatives.Count, State.Identities[identity.Id].Negatives.Count));
        });
    }

    /// <summary>
    /// The right to be forgotten. The erase event alone would leave the identity's embeddings in older journal
    /// rows and snapshots, where every later recovery would read them again. So after the event, a snapshot of
    /// the gallery without the identity is saved, and when it is safely written every journal event and every
    /// snapshot before it is deleted (<see cref="Purge"/>). The snapshot holds everything the deleted events
    /// built, so nothing else is lost. Akka.Persistence.Sql keeps the last deleted journal row (marked deleted,
    /// to remember the sequence number): here that is the erase event, which holds only the identity's id.
    /// The reply waits for the purge, so an acknowledged erasure is complete.
    /// </summary>
    private void HandleErase(Erase command)
    {
        var identity = State.Find(command.Name);
        if (identity is null && Refuse($"'{command.Name}' is not enrolled")) return;
        PersistChanges($"The erasure of '{identity!.Name}'", [new IdentityErased(identity.Id)], persisted =>
        {
            State = State.Apply(persisted);
            _view?.Publish(State, LastSequenceNr);
            _erasures.Add((Sender, new Erased(identity.Name), LastSequenceNr));
            TakeSnapshot();
        });
    }

    private void Apply(IGalleryEvent change)
    {
        State = State.Apply(change);
        _view?.Publish(State, LastSequenceNr);
        if (++EventsSinceSnapshot >= _options.SnapshotEvery) TakeSnapshot();
    }

    private void TakeSnapshot()
    {
        EventsSinceSnapshot = 0;
        SaveSnapshot(State);
    }

    /// <summary>
    /// After a snapshot is written, what recovery no longer needs goes. After an erasure's snapshot that is everything
    /// before it, so the erased identity leaves no trace. After a periodic snapshot, the previous snapshot and the events
    /// since it are kept as a second copy of the gallery (a damaged newest snapshot is skipped at recovery, see
    /// <see cref="UnreadableSnapshot"/>), and only what came before that previous snapshot goes.
    /// </summary>
    private void Purged(long snapshotSequenceNr)
    {
        var previous = LastSnapshotSequenceNr;
        LastSnapshotSequenceNr = Math.Max(LastSnapshotSequenceNr, snapshotSequenceNr);
        if (_erasures.Any(e => e.SequenceNr <= snapshotSequenceNr)) Purge(snapshotSequenceNr);
        else if (previous > 0 && previous < snapshotSequenceNr) Purge(previous);
    }

    /// <summary>
    /// Deletes every journal event up to <paramref name="snapshotSequenceNr"/> and every snapshot before it (that
    /// snapshot holds all they built). One purge runs at a time: two overlapping journal deletes deadlock on PostgreSQL.
    /// A purge asked for meanwhile runs next, and covers the older ones.
    /// </summary>
    private void Purge(long snapshotSequenceNr)
    {
        if (_purge is null) StartPurge(snapshotSequenceNr, attempt: 1);
        else _purgeNext = Math.Max(_purgeNext, snapshotSequenceNr);
    }

    private void StartPurge(long snapshotSequenceNr, int attempt)
    {
        _purge = new PurgeInFlight(snapshotSequenceNr, attempt);
        DeleteMessages(snapshotSequenceNr);
        DeleteSnapshots(new SnapshotSelectionCriteria(snapshotSequenceNr - 1));
    }

    private const int PurgeAttempts = 3;

    /// <summary>
    /// When both deletes have reported: acknowledge the erasures the purge covered, or try again (a deadlock or a
    /// timeout is transient; a newer snapshot's purge covers this one), and fail the erasures only after the last attempt.
    /// </summary>
    private void PurgeStepDone(bool journal, string? failure)
    {
        var purge = journal ? _purge! with { JournalDone = true } : _purge! with { SnapshotsDone = true };
        _purge = failure is null ? purge : purge with { Failure = failure };
        if (!_purge.JournalDone || !_purge.SnapshotsDone) return;

        var done = _purge;
        var next = _purgeNext;
        (_purge, _purgeNext) = (null, 0);
        if (done.Failure is null)
        {
            foreach (var erasure in _erasures.Where(e => e.SequenceNr <= done.SequenceNr)) erasure.ReplyTo.Tell(erasure.Reply);
            _erasures.RemoveAll(e => e.SequenceNr <= done.SequenceNr);
            // Not counted towards the next snapshot: a snapshot after every event would otherwise purge and mark forever.
            Persist(new GalleryPurged(done.SequenceNr), marker => State = State.Apply(marker));
        }
        else if (next == 0 && done.Attempt >= PurgeAttempts) FailErasures(done.Failure);
        else
        {
            _log.Warning("Gallery store: {0}; trying the purge again", done.Failure);
            next = Math.Max(next, done.SequenceNr);
        }
        if (next > 0) StartPurge(next, next == done.SequenceNr ? done.Attempt + 1 : 1);
    }

    private void FailErasures(string problem)
    {
        _log.Error("Gallery store: {0}", problem);
        foreach (var erasure in _erasures)
            erasure.ReplyTo.Tell(new GalleryFailed(
                $"'{erasure.Reply.Name}' is erased from the running gallery, but {problem}. The next snapshot retries the purge."));
        _erasures.Clear();
    }

    private static string? ValidName(string name) => name.Trim() switch
    {
        { Length: 0 } => "an identity needs a name",
        { Length: > MaxNameLength } => $"a name has at most {MaxNameLength} characters",
        var trimmed when trimmed.Any(char.IsControl) => "a name cannot hold control characters",
        _ => null,
    };

    /// <summary>Replies <see cref="GalleryRefused"/> when there is a reason; true when it did.</summary>
    private bool Refuse(string? reason)
    {
        if (reason is null) return false;
        Sender.Tell(new GalleryRefused(reason));
        return true;
    }
}

/// <summary>A purge of the journal and snapshots before <paramref name="SequenceNr"/>, and which of its two deletes have reported.</summary>
internal sealed record PurgeInFlight(long SequenceNr, int Attempt, bool JournalDone = false, bool SnapshotsDone = false, string? Failure = null);

/// <summary>The gallery's store could not be read or written (a database problem, not a user's mistake).</summary>
public sealed class GalleryStoreException(string message, Exception? inner = null) : Exception(message, inner);
