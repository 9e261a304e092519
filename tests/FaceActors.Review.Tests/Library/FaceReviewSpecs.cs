using FaceActors.Gallery.Enrolment;
using FaceActors.Pipeline.Actors;
using FaceActors.Recognition.Matching;
using FaceActors.Review.Library;
using FaceActors.Vision.Alignment;
using FaceActors.Vision.Detection;
using FaceActors.Vision.FaceAnalysis;
using FaceActors.Vision.Geometry;

namespace FaceActors.Review.Tests.Library;

public sealed class FaceReviewSpecs
{
    private static readonly QualityThresholds Gate = new(MinFaceSize: 60, MinSharpness: 100, MinDetectorScore: 0.9f);
    private static readonly FaceDetection Detection = new(new Box(0, 0, 80, 90), 0.99f, new FaceLandmarks(LandmarkScheme.Mtcnn5, []));
    private static readonly AlignedCrop Crop = new(4, 4, new byte[4 * 4 * 3]);
    private readonly ManualClock _clock = new(new DateTimeOffset(2026, 12, 5, 8, 0, 0, TimeSpan.Zero));

    private sealed class ManualClock(DateTimeOffset now) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = now;
        public override DateTimeOffset GetUtcNow() => Now;
    }

    private FaceReview Review(int maxFaces = 100, float keepNamedBelow = 0.55f) =>
        new(new ReviewOptions(maxFaces, TimeSpan.FromHours(1), keepNamedBelow, ClusterSimilarity: 0.9f, Gate), _clock);

    private static float[] At(double degrees) => [(float)Math.Cos(degrees * Math.PI / 180), (float)Math.Sin(degrees * Math.PI / 180)];

    private static EmbeddedFace Face(double degrees, float size = 80, float sharpness = 500, float score = 0.99f) =>
        new(At(degrees), new FaceQuality(size, sharpness, score, 1)) { Crop = Crop };

    private void Offer(FaceReview review, EmbeddedFace face, string camera = "door", FaceMatch? match = null) =>
        review.Offer(camera, _clock.Now, Detection, face, match ?? FaceMatch.Nobody);

    [Fact]
    public void Unknown_faces_and_doubtful_names_are_wanted_and_sure_names_are_not()
    {
        var review = Review();

        Assert.True(review.Wants(FaceMatch.Nobody));
        Assert.True(review.Wants(new FaceMatch("ada", 0.5f, "ada")));
        Assert.False(review.Wants(new FaceMatch("ada", 0.8f, "ada")));
        Assert.False(Review(keepNamedBelow: -1).Wants(new FaceMatch("ada", 0.5f, "ada")));
    }

    [Fact]
    public void Only_a_face_that_the_enrolment_gate_would_take_is_kept()
    {
        var review = Review();
        Offer(review, Face(0, size: 40));
        Offer(review, Face(0, sharpness: 50));
        Offer(review, Face(0, score: 0.8f));
        Offer(review, Face(0) with { Crop = null });

        Assert.Empty(review.Groups());
        Assert.Equal((4L, 0L), review.Counts);
    }

    [Fact]
    public void A_group_shows_its_best_faces_its_cameras_and_when_it_was_seen()
    {
        var review = Review();
        Offer(review, Face(0, sharpness: 150), "door");
        _clock.Now += TimeSpan.FromMinutes(5);
        Offer(review, Face(5, sharpness: 900), "hall");

        var group = Assert.Single(review.Groups());
        Assert.Equal(2, group.Count);
        Assert.Equal(["door", "hall"], group.Cameras);
        Assert.Equal(TimeSpan.FromMinutes(5), group.LastSeen - group.FirstSeen);
        Assert.Equal(900, group.Best[0].Quality.Sharpness);
        Assert.NotEmpty(review.Face(group.Best[0].Id)!.Jpeg);
    }

    [Fact]
    public void The_oldest_faces_go_past_the_bound_and_past_the_retention()
    {
        var review = Review(maxFaces: 2);
        Offer(review, Face(0));
        Offer(review, Face(90));
        Offer(review, Face(180));
        Assert.Equal(2, review.Groups().Count);

        _clock.Now += TimeSpan.FromHours(2);
        Assert.Empty(review.Groups());
    }

    [Fact]
    public void Dismissing_forgets_a_group_and_its_crops_and_merging_joins_two()
    {
        var review = Review();
        Offer(review, Face(0));
        Offer(review, Face(90));
        Offer(review, Face(180));
        var groups = review.Groups();

        var dismissed = groups[0];
        Assert.True(review.Dismiss(dismissed.Id));
        Assert.Null(review.Face(dismissed.Best[0].Id));
        Assert.False(review.Dismiss(dismissed.Id));

        Assert.True(review.Merge(groups[1].Id, groups[2].Id));
        Assert.Equal(2, Assert.Single(review.Groups()).Count);
    }
}
