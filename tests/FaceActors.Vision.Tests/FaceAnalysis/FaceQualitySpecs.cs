using FaceActors.Vision.Detection;
using FaceActors.Vision.FaceAnalysis;
using FaceActors.Vision.Geometry;
using OpenCvSharp;

namespace FaceActors.Vision.Tests.FaceAnalysis;

public sealed class FaceQualitySpecs
{
    private static FaceLandmarks Landmarks(float noseX) =>
        new(LandmarkScheme.Mtcnn5, [new Point2f(40, 50), new Point2f(72, 50), new Point2f(noseX, 70), new Point2f(44, 90), new Point2f(68, 90)]);

    [Theory]
    [InlineData(56, 1.0)]  // the nose midway between the eyes: frontal
    [InlineData(64, 0.5)]  // half-way to an eye
    [InlineData(72, 0.0)]  // under an eye: a profile
    [InlineData(90, 0.0)]
    public void Frontality_falls_as_the_nose_moves_from_between_the_eyes_towards_one(float noseX, double expected) =>
        Assert.Equal(expected, FaceQualityMeter.Frontality(Landmarks(noseX)), 3);

    [Fact]
    public void Without_landmarks_a_face_counts_as_frontal() =>
        Assert.Equal(1, FaceQualityMeter.Frontality(new FaceLandmarks(LandmarkScheme.Mtcnn5, [])));

    [Fact]
    public void A_blurred_a_small_a_doubtful_or_a_turned_face_scores_lower_than_a_good_one()
    {
        using var sharp = new Mat(112, 112, MatType.CV_8UC3, Scalar.All(128));
        for (var y = 0; y < 112; y += 8) Cv2.Line(sharp, new Point(0, y), new Point(111, y), Scalar.All(y % 16 == 0 ? 255 : 0), 2);
        using var blurred = new Mat();
        Cv2.GaussianBlur(sharp, blurred, new Size(0, 0), 4);
        using var meter = new FaceQualityMeter();
        var good = new FaceDetection(new Box(0, 0, 100, 120), 0.99f, Landmarks(56));

        var best = meter.Measure(good, sharp);
        Assert.InRange(best.Score, 0.95f, 1f);
        Assert.True(meter.Measure(good, blurred).Score < best.Score / 2);
        Assert.True(meter.Measure(good with { Box = new Box(0, 0, 30, 36) }, sharp).Score < best.Score / 2);
        Assert.True(meter.Measure(good with { Score = 0.5f }, sharp).Score < best.Score * 0.6f);
        Assert.True(meter.Measure(good with { Landmarks = Landmarks(68) }, sharp).Score < best.Score / 2);
        Assert.Equal(0, FaceQuality.Unaligned(good).Score);
    }
}
