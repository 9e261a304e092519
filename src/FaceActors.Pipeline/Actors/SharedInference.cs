using Akka.Actor;
using FaceActors.Pipeline.Cameras;
using FaceActors.Recognition.Matching;
using FaceActors.Vision.Detection;

namespace FaceActors.Pipeline.Actors;

/// <summary>
/// The process-wide inference every camera uses: one actor per model (each owning one ONNX session): face detection,
/// embedding and, when configured, person detection for the gates; and the matcher over the gallery. Memory stays flat
/// as cameras are added because nothing here is per camera.
/// </summary>
/// <param name="PersonDetection">The <see cref="PersonDetectionActor"/>; null without a YOLO model.</param>
public sealed record SharedInference(IActorRef FaceDetection, IActorRef Embedding, IActorRef? PersonDetection,
    IFaceMatcher Matcher, TimeSpan AskTimeout)
{
    public InferenceQueue FaceDetectionQueue { get; } = new();

    public InferenceQueue EmbeddingQueue { get; } = new();

    public InferenceQueue PersonDetectionQueue { get; } = new();

    /// <summary>The <see cref="LivenessActor"/> (faceactors.liveness), or null when liveness is off.</summary>
    public IActorRef? Liveness { get; init; }

    public InferenceQueue LivenessQueue { get; } = new();

    /// <summary>Person detection as a gate calls it, or null without a person detector.</summary>
    public Func<CameraFrame, Task<IReadOnlyList<PersonDetection>>>? DetectPersons => PersonDetection is { } actor
        ? async frame => (await PersonDetectionQueue.Ask<PersonDetectionActor.PersonsDetected>(actor,
            new PersonDetectionActor.DetectPersons(frame.Share()), AskTimeout)).Persons
        : null;
}
