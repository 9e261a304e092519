using Akka.Actor;
using Akka.Streams;
using Akka.Streams.Dsl;
using Akka.TestKit.Xunit2;
using FaceActors.Pipeline.Actors;
using FaceActors.Pipeline.Cameras;
using FaceActors.Pipeline.Gating;
using FaceActors.Pipeline.Scenes;
using FaceActors.Pipeline.Streams;
using FaceActors.Pipeline.Tracking;
using FaceActors.TestSupport;
using FaceActors.Vision.Yolo;
using OpenCvSharp;

namespace FaceActors.Pipeline.Tests.EndToEnd;

/// <summary>
/// The whole per-camera pipeline with the real models and the real gate and tracker actors, on clips
/// composed from the example photos: who is where is known by construction.
/// </summary>
public sealed class CompositedClipSpecs(RecognitionModels models, Xunit.Abstractions.ITestOutputHelper log) : TestKit, IClassFixture<RecognitionModels>
{
    private static readonly DateTimeOffset Start = new(2026, 11, 28, 12, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(4);

    private static Mat Walker(string testPhoto, int width)
    {
        using var photo = Cv2.ImRead(TestPaths.SharedData($"face_recognition_examples/knn_examples/test/{testPhoto}"));
        var walker = new Mat();
        Cv2.Resize(photo, walker, new Size(width, (int)(width * (double)photo.Height / photo.Width)), interpolation: InterpolationFlags.Area);
        return walker;
    }

    /// <summary>Runs the scene's frames through the pipeline on the scene's own clock and returns every event.</summary>
    private IReadOnlyList<TrackEvent> RunEvents(Scene scene)
    {
        using var yolo = new YoloPersonDetector(YoloOptions.ForYoloX(TestPaths.SharedModel("yolox_nano/yolox_nano.onnx")));
        var faceDetection = Sys.ActorOf(FaceDetectionActor.Props(models.Detector));
        var embedding = Sys.ActorOf(EmbeddingActor.Props(models.Embedder));
        var gate = Sys.ActorOf(GateActor.Props(GateOptions.Default, SharedInference.Serialized(yolo.Detect)));
        var tracker = Sys.ActorOf(TrackerActor.Props("clip", TrackerOptions.Default, gate));
        var stages = new PipelineStages(
            frame => gate.Ask<GateDecision>(frame, Patience),
            async image => (await faceDetection.Ask<FaceDetectionActor.FacesDetected>(new FaceDetectionActor.DetectFaces(image), Patience)).Faces,
            async (image, faces) => (await embedding.Ask<EmbeddingActor.FacesEmbedded>(new EmbeddingActor.EmbedFaces(image, faces), Patience)).Embeddings,
            embedding => models.Matcher.Match(embedding),
            async observation => (await tracker.Ask<TrackerUpdated>(observation, Patience)).Events);

        var frames = new List<CameraFrame>();
        SceneRenderer.Render(scene, (frame, truth) =>
            frames.Add(new CameraFrame("clip", truth.FrameIndex + 1, Start + TimeSpan.FromSeconds(truth.Seconds), frame.Clone())));
        var events = Source.From(frames).Via(CameraPipeline.Create(stages)).RunWith(Sink.Seq<TrackEvent>(), Sys.Materializer());
        Assert.True(events.Wait(Patience), "The clip did not go through the pipeline in time.");
        return events.Result;
    }

    [Fact]
    public void Two_people_who_cross_keep_their_own_names_on_their_own_tracks()
    {
        using var background = new Mat(480, 640, MatType.CV_8UC3, new Scalar(110, 120, 115));
        using var obama = Walker("obama1.jpg", 170);
        using var alex = Walker("alex_lacamoire1.jpg", 170);
        // Obama walks left to right and Alex right to left; they pass around 4 s, Alex in front. Both stand
        // still, then leave the picture at 8 s; the clip runs on past the tracker's time to live.
        var scene = new Scene(background, Fps: 15, DurationSeconds: 12,
        [
            new Walker("obama", obama, [new Keyframe(0, 110, 260), new Keyframe(1.5, 110, 260), new Keyframe(6.5, 530, 260), new Keyframe(8, 530, 260)]),
            new Walker("alex_lacamoire", alex, [new Keyframe(0, 530, 250), new Keyframe(1.5, 530, 250), new Keyframe(6.5, 110, 250), new Keyframe(8, 110, 250)]),
        ]);

        var events = RunEvents(scene);
        foreach (var e in events) log.WriteLine(e.ToString());

        // Every name is given on a box where that person really is at that moment (their scripted position),
        // no track ever changes its name, and both people are named. A track may break while its person is
        // hidden behind the other; the new track must then get the same, right name.
        var named = events.OfType<IdentityAssigned>().ToList();
        Assert.Equal(["alex_lacamoire", "obama"], named.Select(e => e.Identity).Distinct().Order());
        foreach (var assigned in named)
        {
            var seconds = (assigned.At - Start).TotalSeconds;
            var nearest = scene.Walkers.MinBy(w => w.BoxAt(seconds) is { } truth
                ? Math.Abs(truth.X + truth.Width / 2f - assigned.Box.CenterX) : float.MaxValue)!;
            Assert.True(nearest.Identity == assigned.Identity,
                $"track {assigned.TrackId} was named {assigned.Identity} at {seconds:F1} s on a box at x={assigned.Box.CenterX:F0}, where {nearest.Identity} is");
        }
        Assert.Empty(events.OfType<IdentityChanged>());
        Assert.All(events.OfType<TrackEnded>(), ended => Assert.Equal(named.Single(n => n.TrackId == ended.TrackId).Identity, ended.Identity));
    }
}
