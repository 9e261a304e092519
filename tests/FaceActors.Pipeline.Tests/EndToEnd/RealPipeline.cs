using Akka;
using Akka.Actor;
using Akka.Streams.Dsl;
using FaceActors.Pipeline.Actors;
using FaceActors.Pipeline.Cameras;
using FaceActors.Pipeline.Gating;
using FaceActors.Pipeline.Streams;
using FaceActors.Pipeline.Tracking;
using FaceActors.TestSupport;
using FaceActors.Vision.Persons;
using OpenCvSharp;

namespace FaceActors.Pipeline.Tests.EndToEnd;

/// <summary>
/// One camera's pipeline as `run` builds it: the real gate and tracker actors, the shared face detection, embedding
/// and person detection actors over the installed models and YOLOX-Nano, the knn_examples gallery.
/// </summary>
internal sealed class RealPipeline : IDisposable
{
    public static readonly TimeSpan Patience = TimeSpan.FromMinutes(4);

    private readonly PersonDetector _yolo = new(PersonDetectorOptions.ForYoloX(TestPaths.SharedModel("yolox_nano/yolox_nano.onnx")));

    /// <param name="cameraId">The camera whose frames come in: its tracker refuses any other's.</param>
    /// <param name="onGate">Sees each frame's gate decision, for specs that count what the gate let through.</param>
    public RealPipeline(ActorSystem system, RecognitionModels models, string cameraId, Action<CameraFrame, GateDecision>? onGate = null)
    {
        var faceDetection = system.ActorOf(FaceDetectionActor.Props(models.Detector));
        var embedding = system.ActorOf(EmbeddingActor.Props(models.Embedder));
        var persons = system.ActorOf(PersonDetectionActor.Props(_yolo.Detect));
        var gate = system.ActorOf(GateActor.Props(GateOptions.Default, new SharedInference(faceDetection, embedding, persons, models.Matcher, Patience).DetectPersons));
        var tracker = system.ActorOf(TrackerActor.Props(cameraId, TrackerOptions.Default, gate));
        Flow = CameraPipeline.Create(new PipelineStages(
            async frame =>
            {
                var decision = await gate.Ask<GateDecision>(frame.Share(), Patience);
                onGate?.Invoke(frame, decision);
                return decision;
            },
            async frame => (await faceDetection.Ask<FaceDetectionActor.FacesDetected>(new FaceDetectionActor.DetectFaces(frame.Share()), Patience)).Faces,
            async (frame, faces) => (await embedding.Ask<EmbeddingActor.FacesEmbedded>(new EmbeddingActor.EmbedFaces(frame.Share(), faces), Patience)).Faces,
            embedding => models.Matcher.Match(embedding),
            async (_, observation) => (await tracker.Ask<TrackerUpdated>(observation, Patience)).Events,
            async expiry => (await tracker.Ask<TrackerUpdated>(new ExpireTracks(expiry), Patience)).Events));
    }

    public Flow<CameraFrame, TrackEvent, NotUsed> Flow { get; }

    /// <summary>A test photo of knn_examples scaled to <paramref name="width"/>, to walk through a scene.</summary>
    public static Mat Walker(string testPhoto, int width)
    {
        using var photo = Cv2.ImRead(TestPaths.SharedData($"face_recognition_examples/knn_examples/test/{testPhoto}"));
        var walker = new Mat();
        Cv2.Resize(photo, walker, new Size(width, (int)(width * (double)photo.Height / photo.Width)), interpolation: InterpolationFlags.Area);
        return walker;
    }

    public void Dispose() => _yolo.Dispose();
}
