using OpenCvSharp;
using Xunit.Abstractions;

namespace FaceActors.Recognition.Tests.Orl;

/// <summary>
/// The embedder and the evaluation end to end without a detector: each pre-cropped ORL image resized to
/// 112x112 as it is. Measured here before (MODELS.md): 93.4% best accuracy, 6.6% EER, 98.5% rank-1. This is
/// the unaligned baseline that alignment (<see cref="OrlAlignedSpec"/>) must beat.
/// </summary>
public sealed class OrlPlainCropSpec(ITestOutputHelper output)
{
    [Fact]
    public void Mobilefacenet_on_plain_orl_crops_reproduces_the_unaligned_baseline()
    {
        using var embedder = OrlEvaluation.MobileFaceNet();
        using var face = new Mat();

        var report = OrlEvaluation.Evaluate((_, bgr) =>
        {
            Cv2.Resize(bgr, face, embedder.InputSize, interpolation: InterpolationFlags.Area);
            return embedder.Embed(face);
        }, output, "MobileFaceNet, plain resize");

        Assert.Equal(40 * 45, report.Scores.Same.Count);
        Assert.Equal(400 * 399 / 2 - 40 * 45, report.Scores.Different.Count);
        Assert.InRange(report.Rank1Accuracy, 0.975, 1.0);
        Assert.InRange(report.Scores.BestAccuracy, 0.92, 0.95);
        Assert.InRange(report.Scores.EqualErrorRate, 0.05, 0.08);
        Assert.True(report.Scores.Same.Mean > report.Scores.Different.Mean + 0.3);
    }
}
