using FaceActors.Vision.Detection;
using OpenCvSharp;

namespace FaceActors.Vision.Tests.Detection;

internal static class FaceAssert
{
    /// <summary>
    /// Landmarks a face could have: every point inside the box (ears may sit on its edge, so with a margin
    /// of a tenth of the box), both eyes above the mouth, and the eye on the image's left listed where the
    /// scheme says.
    /// </summary>
    public static void Plausible(FaceDetection face)
    {
        var box = face.Box;
        var margin = 0.1f * box.Width;
        foreach (var p in face.Landmarks.Points)
            Assert.True(p.X >= box.X1 - margin && p.X <= box.X2 + margin && p.Y >= box.Y1 - margin && p.Y <= box.Y2 + margin,
                $"landmark {p} outside {box}");

        var (imageLeftEye, imageRightEye, mouth) = Parts(face.Landmarks);
        Assert.True(imageLeftEye.X < imageRightEye.X, $"eyes {imageLeftEye} and {imageRightEye} are in the wrong order for {face.Landmarks.Scheme}");
        Assert.True(Math.Max(imageLeftEye.Y, imageRightEye.Y) < mouth.Y, $"eyes {imageLeftEye} {imageRightEye} not above the mouth {mouth}");
    }

    /// <summary>The eye on the image's left, the eye on its right, and the mouth centre.</summary>
    private static (Point2f, Point2f, Point2f) Parts(FaceLandmarks landmarks)
    {
        var p = landmarks.Points;
        return landmarks.Scheme switch
        {
            // Image left/right, mouth corners.
            LandmarkScheme.Mtcnn5 => (p[0], p[1], (p[3] + p[4]) * 0.5),
            // The subject's right eye is on the image's left.
            LandmarkScheme.BlazeFace6 => (p[0], p[1], p[3]),
            _ => throw new ArgumentOutOfRangeException(nameof(landmarks), landmarks.Scheme, "unknown scheme"),
        };
    }
}
