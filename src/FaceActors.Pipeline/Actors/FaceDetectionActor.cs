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

    public FaceDetectionActor(IFaceDetector detector, Action<TimeSpan>? worked)
    {
        _detector = detector;
        Receive<DetectFaces>(request => Sender.ReplyOnFrame(request.Frame, image => new FacesDetected(_detector.Detect(image)), worked));
    }

    /// <param name="worked">Told how long each frame's detection took (the model's work, without the wait before it).</param>
    public static Props Props(IFaceDetector detector, Action<TimeSpan>? worked = null) => Akka.Actor.Props.Create(() => new FaceDetectionActor(detector, worked));
}
