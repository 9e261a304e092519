using FaceActors.Vision;
using System.Text.Json;
using System.Text.Json.Serialization;
using FaceActors.Recognition.Evaluation;

namespace FaceActors.Recognition.Siamese;

/// <summary>Verification figures of one score on the validation pairs.</summary>
public sealed record ValidationFigures(double BestAccuracy, double Threshold, double Eer, double Auc)
{
    public static ValidationFigures Of(ScoreReport report) => new(report.BestAccuracy, report.BestThreshold, report.EqualErrorRate, report.RocAuc);
}

/// <summary>The embedder whose embeddings the head was trained on: the only ones it understands.</summary>
public sealed record EmbedderUsed(string Model, int Dimension);

/// <summary>The dataset the head was trained and validated on; images without a face were left out.</summary>
public sealed record TrainingData(string Path, int Images, int Identities, IReadOnlyList<string> NoFace);

public sealed record SplitUsed(IReadOnlyList<string> Train, IReadOnlyList<string> Validation, int TrainImages, int ValidationImages);

/// <summary>Cosine and the head on the same validation pairs.</summary>
public sealed record ValidationUsed(int SamePairs, int DifferentPairs, ValidationFigures Cosine, ValidationFigures Head);

/// <summary>
/// What `faceactors train` writes beside the head's ONNX file (same name, .json): the calibrated threshold the
/// matcher uses, the embedder the head was trained on (its embeddings are the only ones it understands), the
/// data, seed and split, and the validation figures against cosine.
/// </summary>
public sealed record SiameseHeadCard(
    float Threshold,
    EmbedderUsed Embedder,
    TrainingData Data,
    int Seed,
    SplitUsed Split,
    SiameseTrainingOptions Training,
    ValidationUsed Validation,
    DateTimeOffset Created)
{
    /// <summary>How the card is written and read: snake_case names from the property names, the nested training options included.</summary>
    public static JsonSerializerOptions Json { get; } = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    public static string PathFor(string modelPath) => System.IO.Path.ChangeExtension(modelPath, ".json");

    public static SiameseHeadCard From(SiameseTrainingResult result, EmbedderUsed embedder, TrainingData data, SiameseTrainingOptions options, DateTimeOffset created) =>
        new(result.Threshold, embedder, data, options.Seed,
            new SplitUsed(result.Split.Train, result.Split.Validation, result.TrainImages, result.ValidationImages), options,
            new ValidationUsed(result.Cosine.Same.Count, result.Cosine.Different.Count, ValidationFigures.Of(result.Cosine), ValidationFigures.Of(result.HeadScores)),
            created);

    public byte[] ToBytes() => JsonSerializer.SerializeToUtf8Bytes(this, Json);

    /// <exception cref="SiameseHeadNotFoundException">The card is missing (the model was not written by `train`).</exception>
    public static SiameseHeadCard Read(string modelPath)
    {
        var path = PathFor(modelPath);
        if (!File.Exists(path)) throw new SiameseHeadNotFoundException(path);
        try
        {
            return JsonSerializer.Deserialize<SiameseHeadCard>(File.ReadAllBytes(path), Json)
                   ?? throw new JsonException("the file holds null");
        }
        catch (JsonException e)
        {
            throw new InvalidInputException($"The Siamese head's calibration '{path}' is not valid ({e.Message}). Train it again with `./faceactors train --data DIR`.");
        }
    }
}
