using FaceActors.Recognition.Evaluation;
using FaceActors.TestSupport;
using FaceActors.Vision.Alignment;
using FaceActors.Vision.Detection;
using FaceActors.Vision.Embedding;
using FaceActors.Vision.FaceAnalysis;
using FaceActors.Vision.Inference;
using OpenCvSharp;
using Xunit.Abstractions;

namespace FaceActors.Recognition.Tests.Orl;

/// <summary>
/// ORL (40 identities x 10 grey 92x112 images, ../shared/data/orl_faces) embedded with the installed
/// MobileFaceNet, then evaluated over all 79,800 pairs.
/// </summary>
internal static class OrlEvaluation
{
    public static FolderDataset Dataset() => FolderDataset.Open(TestPaths.SharedData("orl_faces"));

    public static OnnxFaceEmbedder MobileFaceNet() =>
        new(EmbedderDescription.MobileFaceNet(TestPaths.InstalledModel(DefaultModels.MobileFaceNet)));

    /// <summary>
    /// The required quality of the real path: detect, align on the detector's landmarks, embed. Rank-1 at
    /// least 99.5% and EER at most 1%. ORL's crops are so tight that a face touches the image edge, where
    /// MTCNN's pyramid misses 2 of the 400; a 20-pixel black border gives the detector room (it adds
    /// pixels, it does not place landmarks).
    /// </summary>
    public static VerificationReport AssertAlignedQuality(IFaceDetector detector, ITestOutputHelper output, string label)
    {
        using var embedder = MobileFaceNet();
        using var analyzer = new FaceAnalyzer(detector, new FaceAligner(embedder.InputSize.Width, embedder.InputSize.Height), embedder);
        using var framed = new Mat();
        var report = Evaluate((image, bgr) =>
        {
            Cv2.CopyMakeBorder(bgr, framed, 20, 20, 20, 20, BorderTypes.Constant, Scalar.All(0));
            return analyzer.EmbedSingleFace(framed, $"'{image.Path}'");
        }, output, $"MobileFaceNet aligned on {label} landmarks");
        Assert.True(report.Rank1Accuracy >= 0.995, $"rank-1 {report.Rank1Accuracy:P2} < 99.5%");
        Assert.True(report.Scores.EqualErrorRate <= 0.01, $"EER {report.Scores.EqualErrorRate:P2} > 1%");
        return report;
    }

    /// <summary>Embeds every image with <paramref name="embed"/> and reports; every image must be readable.</summary>
    public static VerificationReport Evaluate(Func<DatasetImage, Mat, float[]> embed, ITestOutputHelper output, string label)
    {
        var read = Dataset().Read(embed);
        Assert.Empty(read.Unreadable);
        Assert.Equal(400, read.Items.Count);
        var report = VerificationEvaluator.Evaluate(read.Items.Select(i => new LabelledEmbedding(i.Image.Identity, i.Value)).ToList());
        output.WriteLine($"ORL, {label}: {report}");
        return report;
    }
}
