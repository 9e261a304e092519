using Akka.Actor;
using FaceActors.Recognition.Matching;

namespace FaceActors.Pipeline.Actors;

/// <summary>
/// The process-wide inference every camera uses: one actor per model (each owning one ONNX session), and
/// the matcher over the gallery. Memory stays flat as cameras are added because nothing here is per camera.
/// </summary>
/// <param name="PersonDetection">A <see cref="PersonDetectionActor"/>, or null when no YOLO model is configured.</param>
public sealed record SharedInference(IActorRef FaceDetection, IActorRef Embedding, IActorRef? PersonDetection, CosineMatcher Matcher, TimeSpan AskTimeout);
