using Akka.Actor;
using Akka.TestKit.Xunit2;
using FaceActors.Pipeline.Actors;
using FaceActors.Pipeline.Cameras;
using FaceActors.TestSupport;
using FaceActors.Vision.Detection;
using FaceActors.Vision.Embedding;
using FaceActors.Vision.Inference;
using FaceActors.Vision.Mtcnn;
using OpenCvSharp;

namespace FaceActors.Pipeline.Tests.Actors;

public sealed class EmbeddingActorSpecs : TestKit
{
    /// <summary>The real embedder, counting the calls that reach it and their batch sizes; <see cref="Hold"/> keeps a call waiting.</summary>
    private sealed class CountingEmbedder(IFaceEmbedder inner) : IFaceEmbedder
    {
        public int Calls;
        public readonly System.Collections.Concurrent.ConcurrentQueue<int> BatchSizes = new();
        public readonly ManualResetEventSlim Hold = new(initialState: true);
        public readonly ManualResetEventSlim Holding = new();
        public Size InputSize => inner.InputSize;
        public int Dimension => inner.Dimension;

        public IReadOnlyList<float[]> Embed(IReadOnlyList<Mat> alignedFaces)
        {
            Interlocked.Increment(ref Calls);
            BatchSizes.Enqueue(alignedFaces.Count);
            Holding.Set();
            Hold.Wait(TimeSpan.FromSeconds(20));
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

        using var twoPeopleFrame = new CameraFrame("a", 1, DateTimeOffset.UtcNow, twoPeople.Clone());
        using var portraitFrame = new CameraFrame("b", 1, DateTimeOffset.UtcNow, portrait.Clone());

        // The model is busy with a first camera's face while the two requests arrive, as it is when cameras share it:
        // both then wait in the mailbox together and must go to the model in one call of three faces.
        counting.Hold.Reset();
        actor.Tell(new EmbeddingActor.EmbedFaces(portraitFrame.Share(), oneFace), CreateTestProbe());
        Assert.True(counting.Holding.Wait(TimeSpan.FromSeconds(20)));
        actor.Tell(new EmbeddingActor.EmbedFaces(twoPeopleFrame.Share(), twoFaces), first);
        actor.Tell(new EmbeddingActor.EmbedFaces(portraitFrame.Share(), oneFace), second);
        counting.Hold.Set();

        var forTwo = first.ExpectMsg<EmbeddingActor.FacesEmbedded>(TimeSpan.FromSeconds(20));
        var forOne = second.ExpectMsg<EmbeddingActor.FacesEmbedded>(TimeSpan.FromSeconds(20));
        Assert.Equal(2, forTwo.Faces.Count);
        Assert.Single(forOne.Faces);
        Assert.Equal([1, 3], counting.BatchSizes);
        var alone = new Vision.Alignment.FaceAligner().Align(portrait, oneFace[0]);
        var direct = embedder.Embed(alone);
        Assert.Equal(direct, forOne.Faces[0].Embedding, (a, b) => Math.Abs(a - b) < 1e-4f);
    }

    [Fact]
    public void A_request_without_faces_is_answered_at_once_without_the_model()
    {
        using var embedder = new OnnxFaceEmbedder(EmbedderDescription.MobileFaceNet(TestPaths.InstalledModel(DefaultModels.MobileFaceNet)));
        var counting = new CountingEmbedder(embedder);
        var actor = Sys.ActorOf(EmbeddingActor.Props(counting));
        using var blank = new CameraFrame("door", 1, DateTimeOffset.UtcNow, TestFrames.Blank());

        actor.Tell(new EmbeddingActor.EmbedFaces(blank.Share(), Array.Empty<FaceDetection>()));

        Assert.Empty(ExpectMsg<EmbeddingActor.FacesEmbedded>().Faces);
        Assert.Equal(0, counting.Calls);
        Assert.True(blank.IsOnlyHolder);
    }

    [Fact]
    public void A_request_that_breaks_the_model_fails_alone_and_the_rest_of_its_batch_is_embedded()
    {
        using var embedder = new OnnxFaceEmbedder(EmbedderDescription.MobileFaceNet(TestPaths.InstalledModel(DefaultModels.MobileFaceNet)));
        using var detector = Mtcnn();
        using var portrait = new CameraFrame("good", 1, DateTimeOffset.UtcNow, TestFrames.Photo("face_recognition_examples/obama_small.jpg"));
        var faces = detector.Detect(portrait.Image);
        // A frame of one channel where the model wants three: its aligned faces cannot be embedded.
        var grey = new OpenCvSharp.Mat();
        OpenCvSharp.Cv2.CvtColor(portrait.Image, grey, OpenCvSharp.ColorConversionCodes.BGR2GRAY);
        using var broken = new CameraFrame("broken", 1, DateTimeOffset.UtcNow, grey);
        var counting = new CountingEmbedder(embedder);
        var actor = Sys.ActorOf(EmbeddingActor.Props(counting));
        var (good, bad) = (CreateTestProbe(), CreateTestProbe());

        actor.Tell(new EmbeddingActor.EmbedFaces(broken.Share(), faces), bad);
        actor.Tell(new EmbeddingActor.EmbedFaces(portrait.Share(), faces), good);

        Assert.IsType<Akka.Actor.Status.Failure>(bad.ExpectMsg<object>(TimeSpan.FromSeconds(20)));
        Assert.Single(good.ExpectMsg<EmbeddingActor.FacesEmbedded>(TimeSpan.FromSeconds(20)).Faces);
        AwaitAssert(() => Assert.True(portrait.IsOnlyHolder && broken.IsOnlyHolder), TimeSpan.FromSeconds(5));
    }

    [Fact]
    public void A_request_whose_asker_let_go_of_the_frame_is_dropped_without_the_model()
    {
        using var embedder = new OnnxFaceEmbedder(EmbedderDescription.MobileFaceNet(TestPaths.InstalledModel(DefaultModels.MobileFaceNet)));
        using var detector = Mtcnn();
        var image = TestFrames.Photo("face_recognition_examples/obama_small.jpg");
        var faces = detector.Detect(image);
        var frame = new CameraFrame("door", 1, DateTimeOffset.UtcNow, image);
        var counting = new CountingEmbedder(embedder);
        var actor = Sys.ActorOf(EmbeddingActor.Props(counting));

        var share = frame.Share();
        // The asker's Ask timed out: it released its claim before the actor got to the request.
        frame.Dispose();
        actor.Tell(new EmbeddingActor.EmbedFaces(share, faces));

        ExpectNoMsg(TimeSpan.FromMilliseconds(500));
        Assert.Equal(0, counting.Calls);
        Assert.True(image.IsDisposed);
    }

    private static MtcnnDetector Mtcnn() => new(new MtcnnOptions
    {
        PNetPath = TestPaths.InstalledModel(DefaultModels.PNet),
        RNetPath = TestPaths.InstalledModel(DefaultModels.RNet),
        ONetPath = TestPaths.InstalledModel(DefaultModels.ONet),
    });
}
