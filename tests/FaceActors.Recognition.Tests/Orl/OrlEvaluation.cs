using FaceActors.Recognition.Evaluation;
using FaceActors.TestSupport;
using FaceActors.Vision.Embedding;
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
