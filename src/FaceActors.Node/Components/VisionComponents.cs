using FaceActors.Vision;
using FaceActors.Configuration;
using FaceActors.Recognition.Matching;
using FaceActors.Recognition.Siamese;
using FaceActors.Vision.Alignment;
using FaceActors.Vision.BlazeFace;
using FaceActors.Vision.Detection;
using FaceActors.Vision.Embedding;
using FaceActors.Vision.FaceAnalysis;
using FaceActors.Vision.Liveness;
using FaceActors.Vision.Mtcnn;
using FaceActors.Vision.Persons;

namespace FaceActors.Node.Components;

/// <summary>
/// The models one command needs, built from the settings: a face detector, and on request a person
/// detector and the embedder with its aligner, and the configured matcher's head. One session per model;
/// disposed together.
/// </summary>
public sealed class VisionComponents : IDisposable
{
    public IFaceDetector Faces { get; }
    public PersonDetector? Persons { get; }
    private readonly OnnxFaceEmbedder? _embedder;
    private readonly FaceAnalyzer? _analyzer;
    private readonly MatcherSettings _matcher;
    private readonly (OnnxSiameseHead Head, SiameseHeadCard Card)? _siamese;

    /// <summary>The liveness scorer when faceactors.liveness is on (loaded with the matcher, as only naming needs it); else null.</summary>
    public LivenessScorer? Liveness { get; private init; }

    private VisionComponents(IFaceDetector faces, PersonDetector? persons, OnnxFaceEmbedder? embedder, MatcherSettings matcher,
        (OnnxSiameseHead, SiameseHeadCard)? siamese)
    {
        Faces = faces;
        Persons = persons;
        _embedder = embedder;
        _matcher = matcher;
        _siamese = siamese;
        if (embedder is not null)
            _analyzer = new FaceAnalyzer(faces, new FaceAligner(embedder.InputSize.Width, embedder.InputSize.Height), embedder);
    }

    /// <summary>The embedder; only when created with it.</summary>
    public OnnxFaceEmbedder Embedder => _embedder ?? throw new InvalidOperationException("Created without the embedder.");

    /// <summary>Detect, align and embed; only when created with the embedder.</summary>
    public FaceAnalyzer Analyzer => _analyzer ?? throw new InvalidOperationException("Created without the embedder.");

    /// <summary>
    /// The configured matcher over <paramref name="references"/> (the Siamese one only when created with the
    /// embedder and the matcher), with the threshold from <see cref="MatcherThreshold"/>.
    /// </summary>
    public IFaceMatcher Matcher(IReferenceSource references, float? thresholdOverride = null)
    {
        var threshold = MatcherThreshold(thresholdOverride);
        if (_matcher.Kind == MatcherKind.Cosine) return new CosineMatcher(references, threshold);
        return new SiameseMatcher(references, Siamese.Head, threshold, _matcher.TopK);
    }

    /// <summary>
    /// The threshold the matcher will use: <paramref name="thresholdOverride"/> (a command-line flag) or the
    /// configured one, on the matcher's own scale (cosine -1..1, the head's 0..1; "calibrated" reads the head's card).
    /// Callers check a flag with this before slow work.
    /// </summary>
    public float MatcherThreshold(float? thresholdOverride)
    {
        var (threshold, min) = _matcher.Kind == MatcherKind.Cosine
            ? (thresholdOverride ?? _matcher.CosineThreshold, -1f)
            : (thresholdOverride ?? _matcher.SiameseThreshold ?? Siamese.Card.Threshold, 0f);
        return threshold >= min && threshold <= 1 ? threshold
            : throw new InvalidInputException($"The {MatcherName} matcher's threshold must be in {min}..1, got {threshold}.");
    }

    private (OnnxSiameseHead Head, SiameseHeadCard Card) Siamese =>
        _siamese ?? throw new InvalidOperationException("Created without the embedder and matcher.");

    /// <summary>"cosine" or "siamese", for reports.</summary>
    public string MatcherName => _matcher.Kind.ToString().ToLowerInvariant();

    /// <param name="personModel">A YOLO model path overriding the configuration's (the --yolo flag), or null.</param>
    /// <param name="withMatcher">Load what the configured matcher needs (the Siamese head); needs the embedder.</param>
    public static VisionComponents Create(VisionSettings settings, bool withEmbedder, string? personModel = null, bool withMatcher = false)
    {
        if (settings.GpuFallback is { } fallback) Console.Error.WriteLine($"warning: {fallback}");
        var disposables = new List<IDisposable>();
        try
        {
            IFaceDetector faces = settings.Detector == FaceDetectorKind.Mtcnn
                ? new MtcnnDetector(settings.Mtcnn)
                : new BlazeFaceDetector(settings.BlazeFace);
            disposables.Add(faces);
            var personOptions = personModel is not null ? settings.PersonsFrom(personModel) : settings.Persons;
            var persons = personOptions is null ? null : new PersonDetector(personOptions);
            if (persons is not null) disposables.Add(persons);
            var embedder = withEmbedder ? new OnnxFaceEmbedder(settings.Embedder) : null;
            if (embedder is not null) disposables.Add(embedder);
            // The head loads with the other models, so a missing or mismatched head stops the command before the gallery is embedded.
            var siamese = withEmbedder && withMatcher && settings.Matcher.Kind == MatcherKind.Siamese
                ? LoadHead(settings, disposables)
                : ((OnnxSiameseHead, SiameseHeadCard)?)null;
            var liveness = withMatcher && settings.Liveness is { } livenessOptions ? new LivenessScorer(livenessOptions) : null;
            if (liveness is not null) disposables.Add(liveness);
            return new VisionComponents(faces, persons, embedder, settings.Matcher, siamese) { Liveness = liveness };
        }
        catch
        {
            // A later model failing to load must not leak the sessions already created.
            foreach (var disposable in disposables) disposable.Dispose();
            throw;
        }
    }

    private static (OnnxSiameseHead, SiameseHeadCard) LoadHead(VisionSettings settings, List<IDisposable> disposables)
    {
        var path = settings.Matcher.SiameseModel;
        var head = new OnnxSiameseHead(path, settings.Matcher.Inference);
        disposables.Add(head);
        var card = SiameseHeadCard.Read(path);
        var embedder = new EmbedderUsed(Path.GetFileName(settings.Embedder.ModelPath), settings.Embedder.OutputDimension);
        if (card.Embedder != embedder)
            throw new InvalidInputException(
                $"The Siamese head '{path}' was trained on {card.Embedder.Model} ({card.Embedder.Dimension} values) but the configured embedder is " +
                $"{embedder.Model} ({embedder.Dimension} values). Train it again with `./faceactors train --data DIR`, or set faceactors.matcher.kind = cosine.");
        return (head, card);
    }

    public void Dispose()
    {
        Liveness?.Dispose();
        _siamese?.Head.Dispose();
        _analyzer?.Dispose();
        _embedder?.Dispose();
        Persons?.Dispose();
        Faces.Dispose();
    }
}
