using FaceActors.TestSupport;
using FaceActors.Vision.Detection;
using FaceActors.Vision.Geometry;
using FaceActors.Vision.Imaging;
using FaceActors.Vision.Inference;
using OpenCvSharp;

namespace FaceActors.Vision.Tests.Detection;

/// <summary>
/// What every face detector must do on real photos and on frames with no face. Each detector's spec class
/// derives from this and supplies the detector.
/// </summary>
public abstract class FaceDetectorSpecs
{
    protected abstract IFaceDetector CreateDetector();

    /// <summary>Shared photos whose faces are too small for this detector, with the reason in the override.</summary>
    protected virtual IReadOnlySet<string> PhotosBeyondReach => new HashSet<string>();

    [Fact]
    public void The_two_people_photo_yields_exactly_two_faces_with_plausible_landmarks()
    {
        using var detector = CreateDetector();
        using var photo = TestFrames.Photo(TestFrames.TwoPeople);

        var faces = detector.Detect(photo);

        Assert.Equal(2, faces.Count);
        foreach (var face in faces) FaceAssert.Plausible(face);
        // One face in each half of the photo.
        Assert.Single(faces, f => f.Box.CenterX < photo.Width / 2);
    }

    [Fact]
    public async Task Detectors_sharing_sessions_find_the_same_faces_on_two_threads_at_once_and_one_outlives_the_other()
    {
        var first = CreateDetector();
        using var second = first.ShareSessions();
        using var photo = TestFrames.Photo(TestFrames.TwoPeople);
        using var half = TestFrames.Resized(photo, 0.5);
        var expected = first.Detect(photo).Select(f => f.Box).ToList();

        // Each on its own thread, on frames of two sizes, many times: their buffers are their own.
        var full = Task.Run(() => Enumerable.Range(0, 20).Select(_ => first.Detect(photo).Select(f => f.Box).ToList()).ToList());
        var halved = Task.Run(() => Enumerable.Range(0, 20).Select(_ => second.Detect(half).Count).ToList());

        Assert.All(await full, boxes => Assert.Equal(expected, boxes));
        Assert.All(await halved, count => Assert.Equal(2, count));
        first.Dispose();
        // The sessions stay open for the other holder.
        Assert.Equal(expected, second.Detect(photo).Select(f => f.Box).ToList());
    }

    [Fact]
    public void Every_knn_test_photo_yields_a_face_with_eyes_above_the_mouth_inside_the_box()
    {
        using var detector = CreateDetector();
        foreach (var path in TestFrames.KnnTestPhotos().Where(p => !PhotosBeyondReach.Contains(Path.GetFileName(p))))
        {
            using var photo = ImageLoader.Load(path);
            var faces = detector.Detect(photo);
            Assert.True(faces.Count >= 1, $"no face found in {Path.GetFileName(path)}");
            FaceAssert.Plausible(faces.MaxBy(f => f.Score)!);
        }
    }

    [Theory]
    [InlineData(0)]
    [InlineData(128)]
    [InlineData(255)]
    public void A_blank_frame_yields_no_faces(byte level)
    {
        using var detector = CreateDetector();
        using var frame = TestFrames.Blank(level);
        Assert.Empty(detector.Detect(frame));
    }

    [Fact]
    public void A_seeded_noise_frame_yields_no_faces()
    {
        using var detector = CreateDetector();
        using var frame = TestFrames.Noise();
        Assert.Empty(detector.Detect(frame));
    }

    [Fact]
    public void Detections_on_an_image_and_its_2x_upscale_agree_after_scaling()
    {
        using var detector = CreateDetector();
        using var photo = TestFrames.Photo(TestFrames.TwoPeople);
        using var small = TestFrames.Resized(photo, 0.5);
        using var large = TestFrames.Resized(small, 2);

        var onSmall = detector.Detect(small).OrderBy(f => f.Box.X1).ToList();
        var onLarge = detector.Detect(large).OrderBy(f => f.Box.X1).ToList();

        Assert.Equal(2, onSmall.Count);
        Assert.Equal(onSmall.Count, onLarge.Count);
        foreach (var (s, l) in onSmall.Zip(onLarge))
        {
            var scaled = new Box(s.Box.X1 * 2, s.Box.Y1 * 2, s.Box.X2 * 2, s.Box.Y2 * 2);
            Assert.True(scaled.IoU(l.Box) > 0.8f, $"boxes {scaled} and {l.Box} disagree");
            foreach (var (p, q) in s.Landmarks.Points.Zip(l.Landmarks.Points))
                Assert.True(Point2f.Distance(p * 2, q) < 0.08 * l.Box.Width, $"landmark {p * 2} moved to {q}");
        }
    }

    [Fact]
    public void An_empty_frame_is_rejected_with_EmptyImageException()
    {
        using var detector = CreateDetector();
        using var empty = new Mat();
        Assert.Throws<EmptyImageException>(() => detector.Detect(empty));
    }
}
