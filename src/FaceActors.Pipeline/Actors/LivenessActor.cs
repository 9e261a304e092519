using Akka.Actor;
using FaceActors.Pipeline.Cameras;
using FaceActors.Vision.Detection;
using FaceActors.Vision.Liveness;

namespace FaceActors.Pipeline.Actors;

/// <summary>
/// Owns the process's one liveness scorer (faceactors.liveness) and scores every camera's detected faces, on a thread of
/// its own like the other models. Whoever created the scorer disposes it after the actor system has stopped.
/// </summary>
public sealed class LivenessActor : ReceiveActor
{
    /// <param name="Frame">A <see cref="CameraFrame.Share"/> that this actor releases once the faces are cropped.</param>
    public sealed record CheckLiveness(CameraFrame Frame, IReadOnlyList<FaceDetection> Faces);

    /// <param name="Verdicts">One per face, in the request's order.</param>
    public sealed record LivenessChecked(IReadOnlyList<LivenessVerdict> Verdicts);

    public LivenessActor(LivenessScorer scorer, Action<TimeSpan>? worked)
    {
        Receive<CheckLiveness>(request => Sender.ReplyOnFrame(request.Frame, image => new LivenessChecked(scorer.Score(image, request.Faces)), worked));
    }

    /// <param name="worked">Told how long each frame's scoring took.</param>
    public static Props Props(LivenessScorer scorer, Action<TimeSpan>? worked = null) => Akka.Actor.Props.Create(() => new LivenessActor(scorer, worked));
}
