using Akka.Persistence;
using FaceActors.Gallery.Events;
using FaceActors.Gallery.Model;
using FaceActors.Gallery.Serialization;

namespace FaceActors.Gallery.Actors;

/// <summary>
/// The gallery rebuilt from its store, as both its writer (<see cref="GalleryActor"/>) and its followers
/// (<see cref="View.GalleryFollower"/>) need it: the newest readable snapshot and the events after it. A snapshot that
/// does not read back is skipped (recorded in the shared <see cref="GalleryRecovery"/>, so the incarnation its
/// supervisor starts next begins before it); a replay that would build only part of the gallery fails instead.
/// </summary>
public abstract class GalleryReplayActor : ReceivePersistentActor
{
    private bool _recoveredWhole;

    /// <param name="recovery">Shared by every incarnation the supervisor starts: where recovery begins, and which snapshots were unreadable.</param>
    protected GalleryReplayActor(GalleryRecovery recovery)
    {
        RecoveryStart = recovery;
        Recovery = new Recovery(recovery.Criteria);

        Recover<SnapshotOffer>(offer =>
        {
            if (offer.Snapshot is UnreadableSnapshot unreadable)
            {
                RecoveryStart.Skip(offer.Metadata.SequenceNr);
                throw new UnreadableSnapshotException(offer.Metadata.SequenceNr, unreadable.Reason);
            }
            State = (GalleryState)offer.Snapshot;
            EventsSinceSnapshot = 0;
            LastSnapshotSequenceNr = offer.Metadata.SequenceNr;
            _recoveredWhole = true;
        });
        Recover<IGalleryEvent>(change =>
        {
            // Without a snapshot, recovery must begin at the first event: a later one means the events before it were
            // purged into snapshots that could not be read, and what this replay builds would be a part of the gallery.
            if (!_recoveredWhole && LastSequenceNr != 1) throw PartialGallery();
            _recoveredWhole = true;
            State = State.Apply(change);
            EventsSinceSnapshot++;
        });
        Recover<RecoveryCompleted>(_ =>
        {
            if (!_recoveredWhole && LastSequenceNr > 0) throw PartialGallery();
            Recovered();
        });
    }

    public sealed override string PersistenceId => GalleryActor.Id;

    public sealed override Recovery Recovery { get; }

    protected GalleryRecovery RecoveryStart { get; }

    protected GalleryState State { get; set; } = GalleryState.Empty;

    protected int EventsSinceSnapshot { get; set; }

    /// <summary>The newest snapshot written or recovered from: a periodic snapshot keeps it as the copy to fall back on.</summary>
    protected long LastSnapshotSequenceNr { get; set; }

    /// <summary>Recovery is complete: <see cref="State"/> is the whole gallery as of <c>LastSequenceNr</c>.</summary>
    protected abstract void Recovered();

    private GalleryStoreException PartialGallery() => new(
        $"The gallery's snapshot(s) at {string.Join(", ", RecoveryStart.Skipped)} cannot be read, and no earlier copy of what they hold is left; " +
        "FaceActors will not start with part of the gallery. Restore the database from a backup.");
}

/// <summary>
/// Where the gallery's recovery begins: the newest snapshot, or, once some were found unreadable, the newest before
/// them. One instance is shared by every incarnation of the gallery actor that its supervisor starts.
/// </summary>
public sealed class GalleryRecovery
{
    private readonly List<long> _skipped = [];

    /// <summary>The sequence numbers of the snapshots found unreadable.</summary>
    public IReadOnlyList<long> Skipped
    {
        get
        {
            lock (_skipped) return _skipped.ToList();
        }
    }

    public SnapshotSelectionCriteria Criteria
    {
        get
        {
            lock (_skipped) return _skipped.Count == 0 ? SnapshotSelectionCriteria.Latest : new SnapshotSelectionCriteria(_skipped.Min() - 1);
        }
    }

    public void Skip(long snapshotSequenceNr)
    {
        lock (_skipped) _skipped.Add(snapshotSequenceNr);
    }
}

/// <summary>The snapshot recovery started from does not read back; the gallery starts again from the one before it.</summary>
public sealed class UnreadableSnapshotException(long sequenceNr, string reason)
    : Exception($"the snapshot at {sequenceNr} cannot be read ({reason}); recovering from the snapshot before it");

