using Akka.Actor;
using FaceActors.Pipeline.Cameras;
using FaceActors.Vision.Alignment;
using FaceActors.Vision.Detection;
using FaceActors.Vision.Embedding;
using FaceActors.Vision.FaceAnalysis;
using OpenCvSharp;

namespace FaceActors.Pipeline.Actors;

/// <summary>
/// Owns the process's one embedder. Requests that arrive while a batch is being gathered (from several
/// cameras, or frames with several faces) go to the embedder in one call: on the first request it sends
/// itself a <see cref="Flush"/>, which queues behind every request already waiting in the mailbox.
/// A request that cannot be aligned or embedded fails alone: the others in its batch get their embeddings, so one
/// camera's bad frame never costs another camera a frame. Its creator disposes the embedder after the actor system has
/// stopped.
/// </summary>
public sealed class EmbeddingActor : ReceiveActor
{
    /// <param name="Frame">A <see cref="CameraFrame.Share"/> that this actor releases once the faces are aligned, so the
    /// asker may give up waiting (a timeout) and release its own claim at any time.</param>
    /// <param name="KeepCrops">Whether each face's aligned pixels come back too (the face library keeps unknown faces).</param>
    public sealed record EmbedFaces(CameraFrame Frame, IReadOnlyList<FaceDetection> Faces, bool KeepCrops = false);

    /// <param name="Faces">One per face, in the request's order.</param>
    public sealed record FacesEmbedded(IReadOnlyList<EmbeddedFace> Faces);

    private sealed record Flush
    {
        public static readonly Flush Instance = new();
    }

    /// <summary>A request in the batch, with the aligned faces it owns in <see cref="_aligned"/>.</summary>
    private sealed record Waiting(EmbedFaces Request, IActorRef ReplyTo)
    {
        public int FirstFace { get; set; }
    }

    private readonly IFaceEmbedder _embedder;
    private readonly FaceAligner _aligner;
    private readonly List<Waiting> _waiting = [];
    private readonly List<Mat> _aligned = [];
    private readonly FaceQualityMeter _quality = new();

    private readonly Action<TimeSpan>? _worked;

    public EmbeddingActor(IFaceEmbedder embedder, Action<TimeSpan>? worked)
    {
        _worked = worked;
        _embedder = embedder;
        _aligner = new FaceAligner(embedder.InputSize.Width, embedder.InputSize.Height);
        Receive<EmbedFaces>(request =>
        {
            if (request.Faces.Count == 0)
            {
                request.Frame.Dispose();
                Sender.Tell(new FacesEmbedded([]));
                return;
            }
            if (_waiting.Count == 0) Self.Tell(Flush.Instance);
            _waiting.Add(new Waiting(request, Sender));
        });
        Receive<Flush>(_ =>
        {
            var started = System.Diagnostics.Stopwatch.GetTimestamp();
            EmbedWaiting();
            _worked?.Invoke(System.Diagnostics.Stopwatch.GetElapsedTime(started));
        });
    }

    private void EmbedWaiting()
    {
        try
        {
            var aligned = AlignWaiting();
            if (aligned.Count == 0) return;
            IReadOnlyList<float[]> embeddings;
            try
            {
                embeddings = _embedder.Embed(_aligned.GetRange(0, aligned.Sum(w => w.Request.Faces.Count)));
            }
            catch (Exception)
            {
                // Something in the batch broke the model: each request alone, so only the faulty one fails.
                foreach (var waiting in aligned) waiting.ReplyTo.ReplyWith(() => Reply(waiting, _embedder.Embed(FacesOf(waiting)), first: 0));
                return;
            }
            foreach (var waiting in aligned) waiting.ReplyTo.Tell(Reply(waiting, embeddings, waiting.FirstFace));
        }
        finally
        {
            _waiting.Clear();
        }
    }

    /// <summary>
    /// Aligns the faces of every request still awaited into <see cref="_aligned"/> and releases the frames. A request whose
    /// asker gave up is dropped unanswered; one that fails to align is answered with the failure.
    /// </summary>
    private List<Waiting> AlignWaiting()
    {
        var aligned = new List<Waiting>(_waiting.Count);
        var next = 0;
        foreach (var waiting in _waiting)
        {
            using var frame = waiting.Request.Frame;
            if (frame.IsOnlyHolder) continue;
            try
            {
                waiting.FirstFace = next;
                while (_aligned.Count < next + waiting.Request.Faces.Count) _aligned.Add(new Mat());
                foreach (var face in waiting.Request.Faces) _aligner.Align(frame.Image, face, _aligned[next++]);
                aligned.Add(waiting);
            }
            catch (Exception error)
            {
                next = waiting.FirstFace;
                waiting.ReplyTo.Tell(new Status.Failure(error));
            }
        }
        return aligned;
    }

    private List<Mat> FacesOf(Waiting waiting) => _aligned.GetRange(waiting.FirstFace, waiting.Request.Faces.Count);

    /// <summary>The request's faces, their embeddings taken from <paramref name="embeddings"/> at <paramref name="first"/>.</summary>
    private FacesEmbedded Reply(Waiting waiting, IReadOnlyList<float[]> embeddings, int first)
    {
        var (request, faces) = (waiting.Request, new EmbeddedFace[waiting.Request.Faces.Count]);
        for (var i = 0; i < faces.Length; i++)
        {
            var aligned = _aligned[waiting.FirstFace + i];
            faces[i] = new EmbeddedFace(embeddings[first + i], _quality.Measure(request.Faces[i], aligned))
            {
                Crop = request.KeepCrops ? AlignedCrop.Of(aligned) : null,
            };
        }
        return new FacesEmbedded(faces);
    }

    protected override void PostStop()
    {
        foreach (var mat in _aligned) mat.Dispose();
        _quality.Dispose();
        // Requests still gathered when the actor stops hold frames of their own.
        foreach (var waiting in _waiting) waiting.Request.Frame.Dispose();
    }

    /// <param name="worked">Told how long each batch took (aligning, embedding and measuring every face of the requests waiting together).</param>
    public static Props Props(IFaceEmbedder embedder, Action<TimeSpan>? worked = null) => Akka.Actor.Props.Create(() => new EmbeddingActor(embedder, worked));
}

/// <summary>A face as the embedder leaves it: its embedding, its quality and, when asked for, its aligned pixels.</summary>
/// <param name="Embedding">Unit length.</param>
public sealed record EmbeddedFace(float[] Embedding, FaceQuality Quality)
{
    public AlignedCrop? Crop { get; init; }
}
