using FaceActors.Gallery.Enrolment;
using FaceActors.Pipeline.Actors;
using FaceActors.Recognition.Matching;
using FaceActors.Review.Library;
using FaceActors.Review.Storage;
using FaceActors.Storage;
using FaceActors.Testbed.Databases;
using FaceActors.Vision.Alignment;
using FaceActors.Vision.Detection;
using FaceActors.Vision.FaceAnalysis;
using FaceActors.Vision.Geometry;

namespace FaceActors.Review.Tests.Storage;

/// <summary>The review kept in a real database (faceactors.review.store = on); the same specs on SQLite and on PostgreSQL.</summary>
public abstract class ReviewPersistenceSpecs
{
    private static readonly FaceDetection Detection = new(new Box(0, 0, 80, 90), 0.99f, new FaceLandmarks(LandmarkScheme.Mtcnn5, []));
    private static readonly AlignedCrop Crop = new(8, 8, Enumerable.Range(0, 8 * 8 * 3).Select(i => (byte)i).ToArray());

    protected abstract SqlDatabase Database { get; }

    private static FaceReview NewReview(TimeSpan? retention = null) =>
        new(new ReviewOptions(100, retention ?? TimeSpan.FromHours(1), KeepNamedBelow: 0.55f, ClusterSimilarity: 0.9f, new QualityThresholds(60, 100, 0.9f), Store: true));

    private static float[] At(double degrees) => [(float)Math.Cos(degrees * Math.PI / 180), (float)Math.Sin(degrees * Math.PI / 180)];

    private static void Offer(FaceReview review, double degrees, DateTimeOffset? at = null) =>
        review.Offer("door", at ?? DateTimeOffset.UtcNow, Detection, new EmbeddedFace(At(degrees), new FaceQuality(80, 500, 0.99f, 0.9f)) { Crop = Crop }, FaceMatch.Nobody);

    private static async Task Eventually(Func<Task<bool>> condition, string what)
    {
        for (var waited = 0; !await condition(); waited += 200)
        {
            if (waited > 15_000) Assert.Fail($"{what} did not happen within 15 s");
            await Task.Delay(200);
        }
    }

    [Fact]
    public async Task Kept_faces_come_back_grouped_after_a_restart_and_a_dismissed_groups_faces_leave_the_database()
    {
        var first = NewReview();
        var store = await ReviewStore.OpenAsync(Database);
        await using (await ReviewPersistence.StartAsync(first, Database, _ => { }))
        {
            Offer(first, 0);
            Offer(first, 5);
            Offer(first, 90);
            await Eventually(async () => (await store.LoadAsync()).Count == 3, "three faces written");
        }

        var second = NewReview();
        await using (await ReviewPersistence.StartAsync(second, Database, _ => { }))
        {
            var groups = second.Groups();
            Assert.Equal([1, 2], groups.Select(g => g.Count).Order());
            var face = groups.SelectMany(g => g.Best).First();
            Assert.Equal((80f, 500f, 0.99f, 0.9f), (face.Quality.Size, face.Quality.Sharpness, face.Quality.DetectorScore, face.Quality.Frontality));
            Assert.Equal(Crop.ToJpeg(), face.Jpeg);

            Assert.True(second.Dismiss(groups.Single(g => g.Count == 2).Id));
            await Eventually(async () => (await store.LoadAsync()).Count == 1, "the dismissed group's two faces deleted");
        }
    }

    [Fact]
    public async Task Faces_past_the_retention_are_not_read_back_and_are_deleted()
    {
        var store = await ReviewStore.OpenAsync(Database);
        var review = NewReview();
        await using (await ReviewPersistence.StartAsync(review, Database, _ => { }))
        {
            Offer(review, 0, DateTimeOffset.UtcNow - TimeSpan.FromMinutes(50));
            Offer(review, 90);
            await Eventually(async () => (await store.LoadAsync()).Count == 2, "two faces written");
        }

        var shorter = NewReview(retention: TimeSpan.FromMinutes(30));
        await using (await ReviewPersistence.StartAsync(shorter, Database, _ => { }))
        {
            Assert.Single(shorter.Groups());
            Assert.Single(await store.LoadAsync());
        }
    }
}

public sealed class SqliteReviewPersistenceSpecs : ReviewPersistenceSpecs, IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("faceactors-review-").FullName;

    protected override SqlDatabase Database => SqlDatabase.Sqlite(_folder, "Data Source=faceactors.db");

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}

public sealed class PostgreSqlReviewPersistenceSpecs(PostgreSqlReviewPersistenceSpecs.Server server)
    : ReviewPersistenceSpecs, IClassFixture<PostgreSqlReviewPersistenceSpecs.Server>
{
    public sealed class Server : IDisposable
    {
        public PostgreSqlServer Instance { get; } = new();

        public void Dispose() => Instance.Dispose();
    }

    private readonly SqlDatabase _database = SqlDatabase.PostgreSql(server.Instance.CreateDatabase());

    protected override SqlDatabase Database => _database;
}
