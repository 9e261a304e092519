using Akka.Actor;
using FaceActors.Vision.Alignment;
using FaceActors.Vision.Detection;
using FaceActors.Vision.Embedding;
using OpenCvSharp;

namespace FaceActors.Pipeline.Actors;

/// <summary>
/// Owns the process's one embedder. Requests that arrive while a batch is being gathered (from several
/// cameras, or frames with several faces) go to the embedder in one call: on the first request it sends
/// itself a <see cref="Flush"/>, which queues behind every request already waiting in the mailbox.
/// Its creator disposes the embedder after the actor system has stopped.
/// </summary>
public sealed class EmbeddingActor : ReceiveActor
{
    public sealed record EmbedFaces(Mat Frame, IReadOnlyList<FaceDetection> Faces);

    /// <param name="Embeddings">One unit-length embedding per face, in the request's order.</param>
    public sealed record FacesEmbedded(IReadOnlyList<float[]> Embeddings);

    private sealed record Flush
    {
        public static readonly Flush Instance = new();
    }

    private readonly IFaceEmbedder _embedder;
    private readonly FaceAligner _aligner;
    private readonly List<(EmbedFaces Request, IActorRef ReplyTo)> _waiting = [];
    private readonly List<Mat> _aligned = [];

    public EmbeddingActor(IFaceEmbedder embedder)
    {
        _embedder = embedder;
        _aligner = new FaceAligner(embedder.InputSize.Width, embedder.InputSize.Height);
        Receive<EmbedFaces>(request =>
        {
            if (request.Faces.Count == 0)
            {
                Sender.Tell(new FacesEmbedded([]));
                return;
            }
            if (_waiting.Count == 0) Self.Tell(Flush.Instance);
            _waiting.Add((request, Sender));
        });
        Receive<Flush>(_ => EmbedWaiting());
    }

    private void EmbedWaiting()
    {
        try
        {
            var faceCount = _waiting.Sum(w => w.Request.Faces.Count);
            while (_aligned.Count < faceCount) _aligned.Add(new Mat());
            var next = 0;
            foreach (var (request, _) in _waiting)
                foreach (var face in request.Faces)
                    _aligner.Align(request.Frame, face, _aligned[next++]);

            var embeddings = _embedder.Embed(_aligned.GetRange(0, faceCount));
            var offset = 0;
            foreach (var (request, replyTo) in _waiting)
            {
                replyTo.Tell(new FacesEmbedded(embeddings.Skip(offset).Take(request.Faces.Count).ToList()));
                offset += request.Faces.Count;
            }
        }
        catch (Exception e)
        {
            foreach (var (_, replyTo) in _waiting) replyTo.Tell(new Status.Failure(e));
        }
        finally
        {
            _waiting.Clear();
        }
    }

    protected override void PostStop()
    {
        foreach (var mat in _aligned) mat.Dispose();
    }

    public static Props Props(IFaceEmbedder embedder) => Akka.Actor.Props.Create(() => new EmbeddingActor(embedder));
}
