using System.Runtime.InteropServices;
using FaceActors.Gallery.Actors;
using FaceActors.Gallery.Model;
using FaceActors.Testbed.Databases;

namespace FaceActors.Gallery.Tests.Stores;

/// <summary>
/// The gallery against a real store. Every spec runs on SQLite and on PostgreSQL (the subclasses below); each
/// reopens the gallery in a new actor system where it matters, so what is checked is what recovery reads back.
/// </summary>
public abstract class GalleryStoreSpecs(GalleryStore store)
{
    private static readonly GalleryOptions Options = new(DuplicateSimilarity: 0.95f, SnapshotEvery: 100);
    private readonly Random _random = new(7);

    private Task<PersistentGallery> Open(GalleryOptions? options = null, EmbedderId? embedder = null) =>
        PersistentGallery.OpenAsync(store.Options, options ?? Options, embedder ?? Samples.Embedder);

    private static async Task Eventually(Func<bool> condition, Func<string> describe)
    {
        for (var waited = 0; !condition(); waited += 100)
        {
            if (waited > 10_000) Assert.Fail($"Still not settled after 10 s: {describe()}");
            await Task.Delay(100);
        }
    }

    [Fact]
    public async Task Enrolled_identities_and_their_samples_are_read_back_after_a_restart()
    {
        var alice = new[] { Samples.Random(_random, source: "a1.jpg"), Samples.Random(_random, source: "a2.jpg") };
        await using (var gallery = await Open())
        {
            await gallery.EnrollAsync("alice", alice, addToExisting: false);
            await gallery.EnrollAsync("bob", [Samples.Random(_random)], addToExisting: false);
        }

        await using var reopened = await Open();
        var state = await reopened.StateAsync();
        Assert.Equal(["alice", "bob"], state.ByName.Select(i => i.Name));
        var recovered = state.Find("alice")!.Samples;
        Assert.Equal(alice.Select(s => (s.Id, s.Source, s.Embedder)), recovered.Select(s => (s.Id, s.Source, s.Embedder)));
        Assert.Equal(alice[1].Embedding, recovered[1].Embedding);
        Assert.Equal(3, reopened.View.References.Count);
    }

    [Fact]
    public async Task What_another_process_enrols_renames_and_erases_reaches_this_view_while_it_runs()
    {
        // Two actor systems on one store: a running `run`, and `enroll` and `gallery` runs beside it, the only writers
        // while they run (two writers at once would be refused by the journal, one of them).
        await using (var before = await Open()) await before.EnrollAsync("alice", [Samples.Random(_random)], addToExisting: false);
        await using var running = await Open();
        await using var other = await Open();

        await other.EnrollAsync("bob", [Samples.Random(_random), Samples.Random(_random)], addToExisting: false);
        await Eventually(() => running.View.References.Count(r => r.Identity == "bob") == 2, () => Names(running));
        await other.RenameAsync("bob", "robert");
        await Eventually(() => running.View.References.Any(r => r.Identity == "robert") && running.View.References.All(r => r.Identity != "bob"), () => Names(running));
        // An erasure is purged from the journal within milliseconds, before the view's next poll reads it: the purge's
        // marker tells the view to reload from the snapshot.
        await other.EraseAsync("robert");
        await Eventually(() => running.View.References.All(r => r.Identity != "robert"), () => Names(running));

        Assert.Equal(["alice"], running.View.References.Select(r => r.Identity));
    }

    private static string Names(PersistentGallery gallery) => string.Join(", ", gallery.View.References.Select(r => r.Identity));

    [Fact]
    public async Task A_name_already_taken_is_refused_without_add_and_changes_nothing()
    {
        await using var gallery = await Open();
        await gallery.EnrollAsync("alice", [Samples.Random(_random)], addToExisting: false);

        var refused = await Assert.ThrowsAsync<GalleryRefusedException>(() => gallery.EnrollAsync("Alice", [Samples.Random(_random)], addToExisting: false));

        Assert.Contains("already enrolled", refused.Message);
        Assert.Contains("--add", refused.Message);
        Assert.Single((await gallery.StateAsync()).Find("alice")!.Samples);
    }

    [Fact]
    public async Task Adding_samples_skips_near_duplicates_of_samples_the_identity_has()
    {
        await using var gallery = await Open();
        var first = Samples.Random(_random);
        await gallery.EnrollAsync("alice", [first], addToExisting: false);

        var added = await gallery.EnrollAsync("alice",
            [Samples.Of(Samples.Near(first.Embedding, 0.99f, _random), source: "again.jpg"), Samples.Of(Samples.Near(first.Embedding, 0.6f, _random), source: "other.jpg")],
            addToExisting: true);

        Assert.Equal(1, added.SamplesAdded);
        Assert.Equal(["again.jpg"], added.Duplicates);
        Assert.Equal(2, (await gallery.StateAsync()).Find("alice")!.Samples.Count);
    }

    [Fact]
    public async Task A_rename_keeps_the_samples_and_a_name_in_use_cannot_be_taken()
    {
        await using (var gallery = await Open())
        {
            await gallery.EnrollAsync("alice", [Samples.Random(_random)], addToExisting: false);
            await gallery.EnrollAsync("bob", [Samples.Random(_random)], addToExisting: false);
            await gallery.RenameAsync("alice", "alice smith");
            await Assert.ThrowsAsync<GalleryRefusedException>(() => gallery.RenameAsync("bob", "Alice Smith"));
            await Assert.ThrowsAsync<GalleryRefusedException>(() => gallery.RenameAsync("carol", "dave"));
            Assert.Contains(gallery.View.References, r => r.Identity == "alice smith");
        }

        await using var reopened = await Open();
        var state = await reopened.StateAsync();
        Assert.Equal(["alice smith", "bob"], state.ByName.Select(i => i.Name));
        Assert.Single(state.Find("alice smith")!.Samples);
    }

    [Fact]
    public async Task An_erased_identity_leaves_the_matcher_at_once_and_no_trace_of_its_embeddings_or_name_in_the_journal_or_snapshots()
    {
        var secret = Samples.Random(_random);
        await using (var gallery = await Open(Options with { SnapshotEvery = 3 }))
        {
            // Enough events that an older snapshot holds the identity too.
            await gallery.EnrollAsync("zelda secret", [secret], addToExisting: false);
            for (var i = 0; i < 4; i++) await gallery.EnrollAsync($"person {i}", [Samples.Random(_random)], addToExisting: false);
            Assert.Contains(gallery.View.References, r => r.Identity == "zelda secret");

            await gallery.EraseAsync("zelda secret");

            Assert.DoesNotContain(gallery.View.References, r => r.Identity == "zelda secret");
            await gallery.EnrollAsync("after", [Samples.Random(_random)], addToExisting: false);
        }

        var embeddingBytes = MemoryMarshal.AsBytes(secret.Embedding.AsSpan(0, 8)).ToArray();
        var nameBytes = System.Text.Encoding.UTF8.GetBytes("zelda secret");
        var values = store.StoredValues();
        Assert.NotEmpty(values);
        Assert.DoesNotContain(values, v => v.AsSpan().IndexOf(embeddingBytes) >= 0);
        Assert.DoesNotContain(values, v => v.AsSpan().IndexOf(nameBytes) >= 0);
        Assert.Equal(1, store.Count("snapshot"));

        await using var reopened = await Open();
        Assert.Equal(["after", "person 0", "person 1", "person 2", "person 3"], (await reopened.StateAsync()).ByName.Select(i => i.Name));
    }

    [Fact]
    public async Task A_negative_reaches_the_matchers_view_survives_a_restart_and_a_snapshot_and_goes_with_its_identity()
    {
        var stranger = Samples.Random(_random) with { Source = "camera door at 2026-12-05T07:00:00Z" };
        await using (var gallery = await Open(Options with { SnapshotEvery = 3 }))
        {
            await gallery.EnrollAsync("ada", [Samples.Random(_random)], addToExisting: false);
            var added = await gallery.AddNegativesAsync("ada", [stranger]);

            Assert.Equal(new NegativesAdded("ada", 1, 1), added);
            var negative = Assert.Single(gallery.View.Negatives);
            Assert.Equal(("ada", stranger.Embedding), (negative.Identity, negative.Embedding));
            await Assert.ThrowsAsync<GalleryRefusedException>(() => gallery.AddNegativesAsync("nobody", [stranger]));
            // Past the snapshot interval: the negative is read back from a snapshot, not only from events.
            for (var i = 0; i < 3; i++) await gallery.EnrollAsync($"person {i}", [Samples.Random(_random)], addToExisting: false);
        }

        await using (var reopened = await Open())
        {
            Assert.Equal(stranger.Embedding, Assert.Single(reopened.View.Negatives).Embedding);
            await reopened.EraseAsync("ada");
            Assert.Empty(reopened.View.Negatives);
        }

        var embeddingBytes = MemoryMarshal.AsBytes(stranger.Embedding.AsSpan(0, 8)).ToArray();
        Assert.DoesNotContain(store.StoredValues(), v => v.AsSpan().IndexOf(embeddingBytes) >= 0);
    }

    [Fact]
    public async Task Recovery_starts_from_the_latest_snapshot_and_only_what_came_before_the_previous_one_is_deleted()
    {
        await using (var gallery = await Open(Options with { SnapshotEvery = 5 }))
        {
            for (var i = 0; i < 12; i++) await gallery.EnrollAsync($"person {i:D2}", [Samples.Random(_random)], addToExisting: false);

            // Snapshots and their purge run after the acknowledgement, so the tables settle shortly after.
            // Snapshots at events 5 and 10 are kept (two copies of the gallery): events 1..4 are gone, 5 stays marked
            // deleted (it keeps the sequence number), 6..12 follow it, and the purge's marker for followers comes last.
            await Eventually(() => store.Count("snapshot") == 2 && store.Count("journal") == 9,
                () => $"{store.Count("snapshot")} snapshots, {store.Count("journal")} journal rows");
        }

        await using var reopened = await Open(Options with { SnapshotEvery = 5 });
        Assert.Equal(12, (await reopened.StateAsync()).Identities.Count);
        Assert.Equal(12, reopened.View.References.Count);
    }

    [Fact]
    public async Task A_damaged_snapshot_with_no_earlier_copy_stops_the_gallery_from_starting_with_part_of_itself()
    {
        await using (var gallery = await Open())
        {
            for (var i = 0; i < 4; i++) await gallery.EnrollAsync($"person {i}", [Samples.Random(_random)], addToExisting: false);
            // An erasure leaves its snapshot as the only copy of the gallery: nothing older may remain.
            await gallery.EraseAsync("person 0");
            await gallery.EnrollAsync("after", [Samples.Random(_random)], addToExisting: false);
        }

        store.DamageNewestSnapshot();

        var refused = await Assert.ThrowsAsync<GalleryStoreException>(() => Open());
        Assert.Contains("no earlier copy", refused.Message);
        Assert.Contains("backup", refused.Message);
    }

    [Fact]
    public async Task A_damaged_newest_snapshot_is_skipped_the_gallery_recovers_whole_from_the_previous_one_and_writes_a_good_one()
    {
        await using (var gallery = await Open(Options with { SnapshotEvery = 5 }))
        {
            for (var i = 0; i < 12; i++) await gallery.EnrollAsync($"person {i:D2}", [Samples.Random(_random)], addToExisting: false);
            await Eventually(() => store.Count("snapshot") == 2, () => $"{store.Count("snapshot")} snapshots");
        }

        store.DamageNewestSnapshot();

        await using var reopened = await Open(Options with { SnapshotEvery = 5 });
        var state = await reopened.StateAsync();
        Assert.Equal(Enumerable.Range(0, 12).Select(i => $"person {i:D2}"), state.ByName.Select(i => i.Name));
        // The damaged row is replaced by a snapshot of the recovered gallery, which reads back.
        await Eventually(() => store.Count("snapshot") >= 1, () => "no snapshot");
        await reopened.EnrollAsync("after repair", [Samples.Random(_random)], addToExisting: false);
        await using var again = await Open(Options with { SnapshotEvery = 5 });
        Assert.Equal(13, (await again.StateAsync()).Identities.Count);
    }

    [Fact]
    public async Task Samples_of_another_embedder_are_stale_the_matcher_never_sees_them_and_their_identities_need_reenrolment()
    {
        await using (var gallery = await Open(embedder: Samples.OtherEmbedder))
        {
            await gallery.EnrollAsync("old only", [Samples.Random(_random, Samples.OtherEmbedder)], addToExisting: false);
            await gallery.EnrollAsync("both", [Samples.Random(_random, Samples.OtherEmbedder)], addToExisting: false);
        }

        await using var reopened = await Open(embedder: Samples.Embedder);
        await reopened.EnrollAsync("both", [Samples.Random(_random)], addToExisting: true);

        Assert.Equal([("both", 128)], reopened.View.References.Select(r => (r.Identity, r.Embedding.Length)));
        Assert.Equal(["old only"], reopened.View.NeedReenrolment);
    }

    [Fact]
    public async Task Replacing_stale_samples_is_one_write_that_brings_the_identity_back_to_the_matcher()
    {
        await using var gallery = await Open();
        var old = Samples.Random(_random, Samples.OtherEmbedder);
        await gallery.EnrollAsync("alice", [old], addToExisting: false);
        Assert.Empty(gallery.View.References);

        await gallery.ReplaceSamplesAsync("alice", [Samples.Random(_random)], [old.Id]);

        Assert.Equal(["alice"], gallery.View.References.Select(r => r.Identity));
        Assert.Empty(gallery.View.NeedReenrolment);
        Assert.All((await gallery.StateAsync()).Find("alice")!.Samples, s => Assert.Equal(Samples.Embedder, s.Embedder));
    }
}

public sealed class SqliteGalleryStoreSpecs : GalleryStoreSpecs, IDisposable
{
    private readonly SqliteStore _store;

    public SqliteGalleryStoreSpecs() : this(new SqliteStore()) { }

    private SqliteGalleryStoreSpecs(SqliteStore store) : base(store) => _store = store;

    public void Dispose() => _store.Dispose();
}

public sealed class PostgreSqlGalleryStoreSpecs(PostgreSqlServer server) : GalleryStoreSpecs(new PostgreSqlStore(server)), IClassFixture<PostgreSqlServer>;
