using FaceActors.Host.Configuration;
using FaceActors.Vision.Alignment;
using FaceActors.Vision.BlazeFace;
using FaceActors.Vision.Detection;
using FaceActors.Vision.Embedding;
using FaceActors.Vision.FaceAnalysis;
using FaceActors.Vision.Mtcnn;
using FaceActors.Vision.Yolo;

namespace FaceActors.Host.Vision;

/// <summary>
/// The models one command needs, built from the settings: a face detector, and on request a person
/// detector and the embedder with its aligner. One session per model; disposed together.
/// </summary>
public sealed class VisionComponents : IDisposable
{
    public IFaceDetector Faces { get; }
    public YoloPersonDetector? Persons { get; }
    private readonly OnnxFaceEmbedder? _embedder;
    private readonly FaceAnalyzer? _analyzer;

    private VisionComponents(IFaceDetector faces, YoloPersonDetector? persons, OnnxFaceEmbedder? embedder)
    {
        Faces = faces;
        Persons = persons;
        _embedder = embedder;
        if (embedder is not null)
            _analyzer = new FaceAnalyzer(faces, new FaceAligner(embedder.InputSize.Width, embedder.InputSize.Height), embedder);
    }

    /// <summary>The embedder; only when created with it.</summary>
    public OnnxFaceEmbedder Embedder => _embedder ?? throw new InvalidOperationException("Created without the embedder.");

    /// <summary>Detect, align and embed; only when created with the embedder.</summary>
    public FaceAnalyzer Analyzer => _analyzer ?? throw new InvalidOperationException("Created without the embedder.");

    /// <param name="personModel">A YOLO model path overriding the configuration's (the --yolo flag), or null.</param>
    public static VisionComponents Create(VisionSettings settings, bool withEmbedder, string? personModel = null)
    {
        var disposables = new List<IDisposable>();
        try
        {
            IFaceDetector faces = settings.Detector == FaceDetectorKind.Mtcnn
                ? new MtcnnDetector(settings.Mtcnn)
                : new BlazeFaceDetector(settings.BlazeFace);
            disposables.Add(faces);
            var personOptions = personModel is not null ? settings.PersonsFrom(personModel) : settings.Persons;
            var persons = personOptions is null ? null : new YoloPersonDetector(personOptions);
            if (persons is not null) disposables.Add(persons);
            var embedder = withEmbedder ? new OnnxFaceEmbedder(settings.Embedder) : null;
            return new VisionComponents(faces, persons, embedder);
        }
        catch
        {
            // A later model failing to load must not leak the sessions already created.
            foreach (var disposable in disposables) disposable.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        _analyzer?.Dispose();
        _embedder?.Dispose();
        Persons?.Dispose();
        Faces.Dispose();
    }
}
