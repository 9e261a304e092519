using System.Diagnostics;
using FaceActors.Testbed.Databases;

namespace FaceActors.Gallery.Tests.Stores;

/// <summary>The gallery while its PostgreSQL goes away and comes back: a server of its own, stopped and started by the spec.</summary>
public sealed class StoreOutageSpecs(PostgreSqlServer server) : IClassFixture<PostgreSqlServer>
{
    private readonly Random _random = new(11);

    [Fact]
    public async Task A_change_the_store_cannot_write_is_answered_with_the_reason_at_once_and_the_gallery_comes_back_with_the_store()
    {
        var store = new PostgreSqlStore(server);
        await using var gallery = await PersistentGallery.OpenAsync(store.Options, new Actors.GalleryOptions(0.95f, 100), Samples.Embedder);
        await gallery.EnrollAsync("alice", [Samples.Random(_random)], addToExisting: false);

        server.Stop();
        try
        {
            var clock = Stopwatch.StartNew();
            var refused = await Assert.ThrowsAsync<Actors.GalleryStoreException>(() => gallery.EnrollAsync("bob", [Samples.Random(_random)], addToExisting: false));
            Assert.Contains("The enrolment of 'bob' was not saved", refused.Message);
            // Answered, not left to the caller's 30 s timeout.
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), $"the failure took {clock.Elapsed.TotalSeconds:0.0} s");
            // While the gallery reopens its store, a command is answered with why.
            await Assert.ThrowsAsync<Actors.GalleryStoreException>(() => gallery.EnrollAsync("carol", [Samples.Random(_random)], addToExisting: false));
        }
        finally
        {
            server.Start();
        }

        // The supervisor starts the gallery again; once it has recovered from the store, changes are saved again.
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (true)
        {
            try
            {
                await gallery.EnrollAsync("dave", [Samples.Random(_random)], addToExisting: false);
                break;
            }
            catch (Actors.GalleryStoreException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(500);
            }
        }
        Assert.Equal(["alice", "dave"], (await gallery.StateAsync()).ByName.Select(i => i.Name));
        await using var reopened = await PersistentGallery.OpenAsync(store.Options, new Actors.GalleryOptions(0.95f, 100), Samples.Embedder);
        Assert.Equal(["alice", "dave"], (await reopened.StateAsync()).ByName.Select(i => i.Name));
    }
}
