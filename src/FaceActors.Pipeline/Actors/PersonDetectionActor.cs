using Akka.Actor;
using FaceActors.Vision.Detection;
using FaceActors.Vision.Yolo;
using OpenCvSharp;

namespace FaceActors.Pipeline.Actors;

/// <summary>Serves the process's one YOLO person detector to every camera's gate; its creator disposes it.</summary>
public sealed class PersonDetectionActor : ReceiveActor
{
    public sealed record DetectPersons(Mat Frame);

    public sealed record PersonsDetected(IReadOnlyList<PersonDetection> Persons);

    private readonly YoloPersonDetector _detector;

    public PersonDetectionActor(YoloPersonDetector detector)
    {
        _detector = detector;
        Receive<DetectPersons>(request => Sender.ReplyWith(() => new PersonsDetected(_detector.Detect(request.Frame))));
    }

    public static Props Props(YoloPersonDetector detector) => Akka.Actor.Props.Create(() => new PersonDetectionActor(detector));
}
