using FaceActors.Vision.Detection;
using OpenCvSharp;

namespace FaceActors.Vision.FaceAnalysis;

/// <summary>
/// How fit one face is for recognition, from what the pipeline already has: its size, the sharpness of its aligned
/// crop, the detector's confidence and how frontal it is (from the landmarks). <see cref="Score"/> (0..1) multiplies a
/// term for each, so one bad trait (a blurred, a tiny or a turned-away face) is enough to make a face count little.
/// </summary>
/// <param name="Size">The shorter side of the face box, in frame pixels.</param>
/// <param name="Sharpness">Variance of the Laplacian of the aligned grey face (112x112); blur flattens it.</param>
/// <param name="DetectorScore">The face detector's confidence, 0..1.</param>
/// <param name="Frontality">1 for a face looking at the camera, falling to 0 as the nose reaches the line of an eye.</param>
public sealed record FaceQuality(float Size, float Sharpness, float DetectorScore, float Frontality)
{
    /// <summary>From this size on a face is big enough: the aligned crop is 112 px, and faces of 80 px and more lose little in it.</summary>
    public const float FullSize = 80;

    /// <summary>From this sharpness on a face is sharp enough (portraits score 900..5000; the same blurred with sigma 4, under 100).</summary>
    public const float FullSharpness = 200;

    public float Score => Fraction(Size / FullSize) * Fraction(Sharpness / FullSharpness) * Fraction(DetectorScore) * Fraction(Frontality);

    /// <summary>A face that was not aligned (a suspected spoof is not embedded): its size and confidence, but no sharpness, so no score.</summary>
    public static FaceQuality Unaligned(FaceDetection face) =>
        new(MathF.Min(face.Box.Width, face.Box.Height), 0, face.Score, FaceQualityMeter.Frontality(face.Landmarks));

    private static float Fraction(float value) => Math.Clamp(value, 0, 1);
}

/// <summary>Measures <see cref="FaceQuality"/>; holds its scratch images, so one meter serves one thread.</summary>
public sealed class FaceQualityMeter : IDisposable
{
    private readonly Mat _grey = new();
    private readonly Mat _laplacian = new();

    public FaceQuality Measure(FaceDetection face, Mat alignedFace) =>
        new(MathF.Min(face.Box.Width, face.Box.Height), Sharpness(alignedFace), face.Score, Frontality(face.Landmarks));

    /// <summary>Variance of the Laplacian of the grey face: edges make it large, blur flattens it.</summary>
    public float Sharpness(Mat alignedFace)
    {
        Cv2.CvtColor(alignedFace, _grey, ColorConversionCodes.BGR2GRAY);
        Cv2.Laplacian(_grey, _laplacian, MatType.CV_64F);
        Cv2.MeanStdDev(_laplacian, out _, out var deviation);
        return (float)(deviation.Val0 * deviation.Val0);
    }

    /// <summary>
    /// How far the nose sits from the middle of the eyes, across, against half the eyes' distance: 0 off-centre is a
    /// frontal face (1), a nose as far out as an eye is a profile (0). Both detectors put the eyes first and the nose
    /// third; without landmarks the face counts as frontal.
    /// </summary>
    public static float Frontality(FaceLandmarks landmarks)
    {
        if (landmarks.Points.Length < 3) return 1;
        var (eyeA, eyeB, nose) = (landmarks.Points[0], landmarks.Points[1], landmarks.Points[2]);
        var eyes = MathF.Sqrt((eyeB.X - eyeA.X) * (eyeB.X - eyeA.X) + (eyeB.Y - eyeA.Y) * (eyeB.Y - eyeA.Y));
        if (eyes < 1e-3f) return 0;
        // The nose's offset along the eye line, from the eyes' midpoint.
        var along = ((nose.X - (eyeA.X + eyeB.X) / 2) * (eyeB.X - eyeA.X) + (nose.Y - (eyeA.Y + eyeB.Y) / 2) * (eyeB.Y - eyeA.Y)) / eyes;
        return Math.Clamp(1 - MathF.Abs(along) / (eyes / 2), 0, 1);
    }

    public void Dispose()
    {
        _grey.Dispose();
        _laplacian.Dispose();
    }
}
