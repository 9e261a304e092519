using FaceActors.Vision.Inference;

namespace FaceActors.Configuration;

public enum MatcherKind { Cosine, Siamese }

/// <summary>faceactors.matcher: how a face's embedding is named against the gallery.</summary>
/// <param name="CosineThreshold">The cosine similarity (-1..1) that names a face with the cosine matcher.</param>
/// <param name="SiameseModel">The head's ONNX file (written by `train`); its calibration card sits beside it.</param>
/// <param name="SiameseThreshold">The head similarity (0..1) that names a face; null = the threshold calibrated by `train`.</param>
/// <param name="TopK">How many nearest references by cosine the head scores.</param>
/// <param name="Inference">The session settings the head runs with.</param>
public sealed record MatcherSettings(
    MatcherKind Kind,
    float CosineThreshold,
    string SiameseModel,
    float? SiameseThreshold,
    int TopK,
    InferenceOptions Inference)
{
    public const string Calibrated = "calibrated";

    internal static MatcherSettings From(HoconReader read, Func<string, string> modelPath, InferenceOptions inference) => new(
        read.Choice("matcher.kind", new Dictionary<string, MatcherKind> { ["cosine"] = MatcherKind.Cosine, ["siamese"] = MatcherKind.Siamese }),
        read.Float("matcher.threshold", -1, 1),
        modelPath(read.String("matcher.siamese-model")),
        read.FloatOr("matcher.siamese-threshold", Calibrated, 0, 1),
        read.Int("matcher.top-k", 1, 1024),
        inference);
}
