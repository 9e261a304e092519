using FaceActors.Vision.Alignment;
using FaceActors.Vision.Detection;
using FaceActors.Vision.Geometry;
using OpenCvSharp;

namespace FaceActors.Vision.Tests.Alignment;

/// <summary>
/// Landmarks are built by hand: the template moved by a known similarity (rotated, scaled, shifted) into a
/// larger frame. A white dot drawn at one landmark must land on that landmark's template place.
/// </summary>
public class FaceAlignerSpec
{
    private const double Angle = 25 * Math.PI / 180;
    private const float Scale = 2.3f;
    private static readonly Point2f Shift = new(150, 90);
    private static readonly Box AnyBox = new(100, 100, 400, 400);

    private static Point2f Place(Point2f template)
    {
        var (cos, sin) = ((float)Math.Cos(Angle), (float)Math.Sin(Angle));
        return new Point2f(Scale * (cos * template.X - sin * template.Y) + Shift.X, Scale * (sin * template.X + cos * template.Y) + Shift.Y);
    }

    private static readonly Point2f[] Template = FaceAligner.ArcFaceTemplate112.ToArray();
    private static readonly Point2f[] Mtcnn = Template.Select(Place).ToArray();
    private static readonly Point2f MouthCentre = Place((Template[3] + Template[4]) * 0.5f);

    /// <summary>BlazeFace order: subject's right eye (image-left in an unmirrored frame), left eye, nose, mouth centre, ears.</summary>
    private static readonly Point2f[] Blaze = [Mtcnn[0], Mtcnn[1], Mtcnn[2], MouthCentre, new(0, 0), new(0, 0)];

    [Fact]
    public void Each_mtcnn_landmark_lands_on_its_template_place_within_a_pixel()
    {
        var aligner = new FaceAligner();
        for (var k = 0; k < 5; k++)
            AssertLandsOn(aligner, Face(LandmarkScheme.Mtcnn5, Mtcnn), Mtcnn[k], Template[k]);
    }

    [Fact]
    public void Blazeface_eyes_and_nose_land_on_the_template_and_its_mouth_centre_between_the_corners()
    {
        var aligner = new FaceAligner();
        var face = Face(LandmarkScheme.BlazeFace6, Blaze);
        for (var k = 0; k < 3; k++) AssertLandsOn(aligner, face, Mtcnn[k], Template[k]);
        AssertLandsOn(aligner, face, MouthCentre, (Template[3] + Template[4]) * 0.5f);
    }

    [Fact]
    public void Blazeface_eyes_in_either_order_give_the_same_alignment()
    {
        var aligner = new FaceAligner();
        Point2f[] swapped = [Blaze[1], Blaze[0], .. Blaze[2..]];

        using var expected = aligner.TransformFor(Face(LandmarkScheme.BlazeFace6, Blaze));
        using var actual = aligner.TransformFor(Face(LandmarkScheme.BlazeFace6, swapped));

        Assert.True(Cv2.Norm(expected, actual, NormTypes.INF) < 1e-6);
    }

    [Fact]
    public void A_160_pixel_output_uses_the_template_scaled_to_160()
    {
        var aligner = new FaceAligner(160, 160);
        for (var k = 0; k < 5; k++)
            AssertLandsOn(aligner, Face(LandmarkScheme.Mtcnn5, Mtcnn), Mtcnn[k], Template[k] * (160f / 112f));
    }

    [Fact]
    public void Landmarks_already_on_the_template_give_the_identity()
    {
        using var transform = new FaceAligner().TransformFor(Face(LandmarkScheme.Mtcnn5, Template));
        using var identity = Mat.Eye(2, 3, MatType.CV_64FC1).ToMat();
        Assert.True(Cv2.Norm(transform, identity, NormTypes.INF) < 1e-3);
    }

    public static TheoryData<string, FaceLandmarks?> Degenerate => new()
    {
        { "no landmarks", null },
        { "eyes on one spot", new FaceLandmarks(LandmarkScheme.Mtcnn5, [new(150, 120), new(150, 120), new(150, 150), new(130, 180), new(170, 180)]) },
        { "too few points", new FaceLandmarks(LandmarkScheme.Mtcnn5, Mtcnn[..3]) },
        { "not a number", new FaceLandmarks(LandmarkScheme.BlazeFace6, [new(float.NaN, 1), .. Blaze[1..]]) },
    };

    [Theory]
    [MemberData(nameof(Degenerate))]
    public void Unusable_landmarks_fall_back_to_the_square_around_the_box(string why, FaceLandmarks? landmarks)
    {
        // A white 100x200 box: its longer side (200) fills the 112-pixel output, centred, so the box spans columns 28..84.
        using var image = new Mat(300, 300, MatType.CV_8UC3, Scalar.All(0));
        image[new Rect(100, 50, 100, 200)].SetTo(Scalar.All(255));
        var face = new FaceDetection(new Box(100, 50, 200, 250), 0.9f, landmarks!);

        using var aligned = new FaceAligner().Align(image, face);

        Assert.Equal(new Size(112, 112), aligned.Size());
        Assert.True(aligned.At<Vec3b>(56, 56).Item0 == 255, why);
        Assert.True(aligned.At<Vec3b>(2, 56).Item0 == 255, why);
        Assert.True(aligned.At<Vec3b>(56, 20).Item0 == 0, why);
        Assert.True(aligned.At<Vec3b>(56, 92).Item0 == 0, why);
    }

    [Fact]
    public void A_preallocated_destination_is_reused()
    {
        using var image = new Mat(480, 480, MatType.CV_8UC3, Scalar.All(40));
        using var destination = new Mat(112, 112, MatType.CV_8UC3);
        var data = destination.Data;

        new FaceAligner().Align(image, Face(LandmarkScheme.Mtcnn5, Mtcnn), destination);

        Assert.Equal(data, destination.Data);
    }

    private static FaceDetection Face(LandmarkScheme scheme, Point2f[] points) => new(AnyBox, 0.99f, new FaceLandmarks(scheme, points));

    /// <summary>Draws one dot at <paramref name="at"/>, aligns, and checks the dot's centroid in the aligned face.</summary>
    private static void AssertLandsOn(FaceAligner aligner, FaceDetection face, Point2f at, Point2f expected)
    {
        using var image = new Mat(480, 480, MatType.CV_8UC3, Scalar.All(0));
        Cv2.Circle(image, new Point(at.X * 16, at.Y * 16), 6 * 16, Scalar.All(255), -1, LineTypes.AntiAlias, shift: 4);
        using var aligned = aligner.Align(image, face);
        using var grey = aligned.CvtColor(ColorConversionCodes.BGR2GRAY);

        var m = Cv2.Moments(grey);
        Assert.True(m.M00 > 0, $"the dot at {at} fell outside the aligned face");
        var centroid = new Point2f((float)(m.M10 / m.M00), (float)(m.M01 / m.M00));
        Assert.True(centroid.DistanceTo(expected) < 1.0, $"dot at {at} landed at {centroid}, expected {expected}");
    }
}
