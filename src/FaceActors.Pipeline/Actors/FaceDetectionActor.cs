using Akka.Actor;
using FaceActors.Vision.Detection;
using OpenCvSharp;

namespace FaceActors.Pipeline.Actors;

/// <summary>
/// Owns the process's one face detector (MTCNN or BlazeFace) and serves every camera, one frame at a
/// time. The asking stream holds the frame until the reply, so the Mat stays valid while it is used.
/// Whoever created the detector disposes it after the actor system has stopped.
/// </summary>
public sealed class FaceDetectionActor : ReceiveActor
{
    public sealed record DetectFaces(Mat Frame);

    public sealed record FacesDetected(IReadOnlyList<FaceDetection> Faces);

    private readonly IFaceDetector _detector;

    public FaceDetectionActor(IFaceDetector detector)
    {
        _detector = detector;
        Receive<DetectFaces>(request => Sender.ReplyWith(() => new FacesDetected(_detector.Detect(request.Frame))));
    }

    public static Props Props(IFaceDetector detector) => Akka.Actor.Props.Create(() => new FaceDetectionActor(detector));
}
