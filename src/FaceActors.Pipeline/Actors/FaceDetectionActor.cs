using Akka.Actor;
using FaceActors.Pipeline.Cameras;
using FaceActors.Vision.Detection;

namespace FaceActors.Pipeline.Actors;

/// <summary>
/// Owns the process's one face detector (MTCNN or BlazeFace) and serves every camera, one frame at a
/// time. Whoever created the detector disposes it after the actor system has stopped.
/// </summary>
public sealed class FaceDetectionActor : ReceiveActor
{
    /// <param name="Frame">A <see cref="CameraFrame.Share"/> that this actor releases once it is done with the pixels,
    /// so the asker may give up waiting (a timeout) and release its own claim at any time.</param>
    public sealed record DetectFaces(CameraFrame Frame);

    public sealed record FacesDetected(IReadOnlyList<FaceDetection> Faces);

    private readonly IFaceDetector _detector;

    public FaceDetectionActor(IFaceDetector detector)
    {
        _detector = detector;
        Receive<DetectFaces>(request =>
        {
            using var frame = request.Frame;
            // The asker let go of the frame (its Ask timed out): nobody waits for these faces, and the model has others to serve.
            if (frame.IsOnlyHolder) return;
            Sender.ReplyWith(() => new FacesDetected(_detector.Detect(frame.Image)));
        });
    }

    public static Props Props(IFaceDetector detector) => Akka.Actor.Props.Create(() => new FaceDetectionActor(detector));
}
