using Akka.Actor;
using Akka.TestKit.Xunit2;
using FaceActors.Pipeline.Tracking;
using FaceActors.RecognitionLog.Actors;
using FaceActors.RecognitionLog.Storage;
using FaceActors.Storage;
using FaceActors.Vision.Geometry;

namespace FaceActors.RecognitionLog.Tests;

public sealed class RecognitionLogActorSpecs : TestKit, IDisposable
{
    private static readonly Box Somewhere = new(10, 10, 110, 210);
    private static readonly RecognitionLogOptions Quick = new(TimeSpan.FromDays(30), TimeSpan.FromMilliseconds(100), TimeSpan.FromHours(1));

    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("faceactors-log-");

    private string DataFolder => Path.Combine(_folder.FullName, "data");

    private SqlDatabase Database => new(SqlProvider.Sqlite, $"Data Source={Path.Combine(DataFolder, "faceactors.db")};Pooling=false");

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing) _folder.Delete(recursive: true);
    }

    private static IdentityAssigned Named(long track, string identity, DateTimeOffset at) => new("door", track, Somewhere, at, identity, 0.9f);

    [Fact]
    public async Task Recognitions_are_written_and_other_track_events_are_not()
    {
        var store = await RecognitionStore.OpenAsync(Database);
        var log = Sys.ActorOf(RecognitionLogActor.Props(store, Quick));
        var now = DateTimeOffset.UtcNow;

        log.Tell(new TrackStarted("door", 1, Somewhere, now));
        log.Tell(Named(1, "alice", now));
        log.Tell(new IdentityChanged("door", 1, Somewhere, now.AddSeconds(1), "alice", null, 0.5f));
        log.Tell(new TrackEnded("door", 1, Somewhere, now.AddSeconds(2), null));

        await AwaitAssertAsync(async () =>
            Assert.Equal(["alice", null], (await store.QueryAsync(new RecognitionQuery())).Select(r => r.Identity)), TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task Recognitions_past_the_retention_are_swept_out_at_start()
    {
        var store = await RecognitionStore.OpenAsync(Database);
        var now = DateTimeOffset.UtcNow;
        await store.AppendAsync([new RecognitionRecord("door", 1, "old", 0.9f, now.AddDays(-31)), new RecognitionRecord("door", 2, "recent", 0.9f, now.AddDays(-1))]);

        Sys.ActorOf(RecognitionLogActor.Props(store, Quick));

        await AwaitAssertAsync(async () =>
            Assert.Equal(["recent"], (await store.QueryAsync(new RecognitionQuery())).Select(r => r.Identity)), TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task While_the_database_is_away_recognitions_wait_in_memory_up_to_the_limit_then_are_written_in_order()
    {
        var store = await RecognitionStore.OpenAsync(Database);
        var log = Sys.ActorOf(RecognitionLogActor.Props(store, Quick with { MaxPending = 3 }));
        var now = DateTimeOffset.UtcNow;
        // The database's folder goes away and a plain file takes its place, so nothing can be opened there.
        var away = DataFolder + ".away";
        Directory.Move(DataFolder, away);
        await File.WriteAllTextAsync(DataFolder, "not a folder");

        for (var track = 1; track <= 5; track++) log.Tell(Named(track, $"person{track}", now.AddSeconds(track)));
        await AwaitAssertAsync(async () =>
        {
            var status = await log.Ask<RecognitionLogActor.LogStatus>(new RecognitionLogActor.GetStatus());
            Assert.Equal((0L, 3, 2L), (status.Written, status.Pending, status.Dropped));
        }, TimeSpan.FromSeconds(10));

        File.Delete(DataFolder);
        Directory.Move(away, DataFolder);
        await AwaitAssertAsync(async () =>
            Assert.Equal(["person3", "person4", "person5"], (await store.QueryAsync(new RecognitionQuery())).Select(r => r.Identity)), TimeSpan.FromSeconds(10));
    }
}
