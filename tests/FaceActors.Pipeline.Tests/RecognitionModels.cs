using FaceActors.Recognition.Matching;
using FaceActors.TestSupport;
using FaceActors.Vision.Alignment;
using FaceActors.Vision.Embedding;
using FaceActors.Vision.FaceAnalysis;
using FaceActors.Vision.Inference;
using FaceActors.Vision.Mtcnn;

namespace FaceActors.Pipeline.Tests;

/// <summary>The installed MTCNN and MobileFaceNet, and a gallery of the knn_examples training photos, shared by a test class.</summary>
public sealed class RecognitionModels : IDisposable
{
    public MtcnnDetector Detector { get; } = new(new MtcnnOptions
    {
        PNetPath = TestPaths.InstalledModel(DefaultModels.PNet),
        RNetPath = TestPaths.InstalledModel(DefaultModels.RNet),
        ONetPath = TestPaths.InstalledModel(DefaultModels.ONet),
    });

    public OnnxFaceEmbedder Embedder { get; } =
        new(EmbedderDescription.MobileFaceNet(TestPaths.InstalledModel(DefaultModels.MobileFaceNet)));

    public IFaceMatcher Matcher { get; }

    public RecognitionModels()
    {
        using var analyzer = new FaceAnalyzer(Detector, new FaceAligner(), Embedder);
        var gallery = FolderGallery.Embed(TestPaths.SharedData("face_recognition_examples/knn_examples/train"), analyzer);
        Matcher = new CosineMatcher(gallery, threshold: 0.48f);
    }

    public void Dispose()
    {
        Detector.Dispose();
        Embedder.Dispose();
    }
}
