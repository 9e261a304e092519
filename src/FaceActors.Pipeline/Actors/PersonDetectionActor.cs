using Akka.Actor;
using FaceActors.Pipeline.Cameras;
using FaceActors.Vision.Detection;
using OpenCvSharp;

namespace FaceActors.Pipeline.Actors;

/// <summary>
/// Owns the process's one person detector (YOLO) and serves every camera's gate, one frame at a time, on a thread of
/// its own like the face models: the gates never run it on the .NET thread pool, and its buffers need no lock.
/// Whoever created the detector disposes it after the actor system has stopped.
/// </summary>
public sealed class PersonDetectionActor : ReceiveActor
{
    /// <param name="Frame">A <see cref="CameraFrame.Share"/> that this actor releases once it is done with the pixels.</param>
    public sealed record DetectPersons(CameraFrame Frame);

    public sealed record PersonsDetected(IReadOnlyList<PersonDetection> Persons);

    public PersonDetectionActor(Func<Mat, IReadOnlyList<PersonDetection>> detect, Action<TimeSpan>? worked)
    {
        Receive<DetectPersons>(request => Sender.ReplyOnFrame(request.Frame, image => new PersonsDetected(detect(image)), worked));
    }

    /// <param name="detect">The detector (e.g. <c>PersonDetector.Detect</c>), called on this actor's thread only.</param>
    /// <param name="worked">Told how long each frame's detection took.</param>
    public static Props Props(Func<Mat, IReadOnlyList<PersonDetection>> detect, Action<TimeSpan>? worked = null) =>
        Akka.Actor.Props.Create(() => new PersonDetectionActor(detect, worked));
}
