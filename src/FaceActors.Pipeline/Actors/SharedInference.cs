using Akka.Actor;
using FaceActors.Recognition.Matching;
using FaceActors.Vision.Detection;
using OpenCvSharp;

namespace FaceActors.Pipeline.Actors;

/// <summary>
/// The process-wide inference every camera uses: one actor per face model (each owning one ONNX session),
/// the person detector, and the matcher over the gallery. Memory stays flat as cameras are added because
/// nothing here is per camera.
/// </summary>
/// <param name="DetectPersons">YOLO on a frame, safe to call from every camera's gate; null without a YOLO model.</param>
public sealed record SharedInference(IActorRef FaceDetection, IActorRef Embedding, Func<Mat, IReadOnlyList<PersonDetection>>? DetectPersons,
    IFaceMatcher Matcher, TimeSpan AskTimeout)
{
    public InferenceQueue FaceDetectionQueue { get; } = new();

    public InferenceQueue EmbeddingQueue { get; } = new();

    /// <summary>
    /// Shares one detector between cameras: its buffers are reused per call, so calls take turns. The gates
    /// call it synchronously, and YOLO runs only on moving frames at a stride, so the turns are short.
    /// </summary>
    public static Func<Mat, IReadOnlyList<PersonDetection>> Serialized(Func<Mat, IReadOnlyList<PersonDetection>> detect)
    {
        var turn = new Lock();
        return frame =>
        {
            lock (turn) return detect(frame);
        };
    }
}
