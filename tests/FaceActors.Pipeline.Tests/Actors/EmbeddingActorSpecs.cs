using Akka.Actor;
using Akka.TestKit.Xunit2;
using FaceActors.Pipeline.Actors;
using FaceActors.TestSupport;
using FaceActors.Vision.Detection;
using FaceActors.Vision.Embedding;
using FaceActors.Vision.Inference;
using FaceActors.Vision.Mtcnn;
using OpenCvSharp;

namespace FaceActors.Pipeline.Tests.Actors;

public sealed class EmbeddingActorSpecs : TestKit
{
    /// <summary>The real embedder, counting how many calls reach it.</summary>
    private sealed class CountingEmbedder(IFaceEmbedder inner) : IFaceEmbedder
    {
        public int Calls;
        public Size InputSize => inner.InputSize;
        public int Dimension => inner.Dimension;

        public IReadOnlyList<float[]> Embed(IReadOnlyList<Mat> alignedFaces)
        {
            Interlocked.Increment(ref Calls);
            return inner.Embed(alignedFaces);
        }
    }

    [Fact]
    public void Requests_waiting_together_are_embedded_in_one_call_and_each_asker_gets_its_own_faces()
    {
        using var embedder = new OnnxFaceEmbedder(EmbedderDescription.MobileFaceNet(TestPaths.InstalledModel(DefaultModels.MobileFaceNet)));
        using var detector = new MtcnnDetector(new MtcnnOptions
        {
            PNetPath = TestPaths.InstalledModel(DefaultModels.PNet),
            RNetPath = TestPaths.InstalledModel(DefaultModels.RNet),
            ONetPath = TestPaths.InstalledModel(DefaultModels.ONet),
        });
        using var twoPeople = TestFrames.Photo(TestFrames.TwoPeople);
        using var portrait = TestFrames.Photo("face_recognition_examples/obama_small.jpg");
        var twoFaces = detector.Detect(twoPeople);
        var oneFace = detector.Detect(portrait);
        var counting = new CountingEmbedder(embedder);
        var actor = Sys.ActorOf(EmbeddingActor.Props(counting));
        var (first, second) = (CreateTestProbe(), CreateTestProbe());

        // Told back to back, both requests usually wait in the mailbox together (one call); either way each
        // asker must get the embeddings of its own faces.
        actor.Tell(new EmbeddingActor.EmbedFaces(twoPeople, twoFaces), first);
        actor.Tell(new EmbeddingActor.EmbedFaces(portrait, oneFace), second);

        var forTwo = first.ExpectMsg<EmbeddingActor.FacesEmbedded>(TimeSpan.FromSeconds(20));
        var forOne = second.ExpectMsg<EmbeddingActor.FacesEmbedded>(TimeSpan.FromSeconds(20));
        Assert.Equal(2, forTwo.Embeddings.Count);
        Assert.Single(forOne.Embeddings);
        Assert.InRange(counting.Calls, 1, 2);
        var alone = new Vision.Alignment.FaceAligner().Align(portrait, oneFace[0]);
        var direct = embedder.Embed(alone);
        Assert.Equal(direct, forOne.Embeddings[0], (a, b) => Math.Abs(a - b) < 1e-4f);
    }

    [Fact]
    public void A_request_without_faces_is_answered_at_once_without_the_model()
    {
        using var embedder = new OnnxFaceEmbedder(EmbedderDescription.MobileFaceNet(TestPaths.InstalledModel(DefaultModels.MobileFaceNet)));
        var counting = new CountingEmbedder(embedder);
        var actor = Sys.ActorOf(EmbeddingActor.Props(counting));
        using var blank = TestFrames.Blank();

        actor.Tell(new EmbeddingActor.EmbedFaces(blank, Array.Empty<FaceDetection>()));

        Assert.Empty(ExpectMsg<EmbeddingActor.FacesEmbedded>().Embeddings);
        Assert.Equal(0, counting.Calls);
    }
}
