using System.Text.Json;
using System.Text.Json.Serialization;
using FaceActors.Recognition.Evaluation;

namespace FaceActors.Recognition.Siamese;

/// <summary>Verification figures of one score on the validation pairs.</summary>
public sealed record ValidationFigures(
    [property: JsonPropertyName("best_accuracy")] double BestAccuracy,
    [property: JsonPropertyName("threshold")] double Threshold,
    [property: JsonPropertyName("eer")] double Eer,
    [property: JsonPropertyName("auc")] double Auc)
{
    public static ValidationFigures Of(ScoreReport report) => new(report.BestAccuracy, report.BestThreshold, report.EqualErrorRate, report.RocAuc);
}

public sealed record EmbedderUsed(
    [property: JsonPropertyName("model")] string Model,
    [property: JsonPropertyName("dimension")] int Dimension);

public sealed record TrainingData(
    [property: JsonPropertyName("path")] string Path,
    [property: JsonPropertyName("images")] int Images,
    [property: JsonPropertyName("identities")] int Identities,
    [property: JsonPropertyName("no_face")] IReadOnlyList<string> NoFace);

public sealed record SplitUsed(
    [property: JsonPropertyName("train")] IReadOnlyList<string> Train,
    [property: JsonPropertyName("validation")] IReadOnlyList<string> Validation,
    [property: JsonPropertyName("train_images")] int TrainImages,
    [property: JsonPropertyName("validation_images")] int ValidationImages);

public sealed record ValidationUsed(
    [property: JsonPropertyName("same_pairs")] int SamePairs,
    [property: JsonPropertyName("different_pairs")] int DifferentPairs,
    [property: JsonPropertyName("cosine")] ValidationFigures Cosine,
    [property: JsonPropertyName("head")] ValidationFigures Head);

/// <summary>
/// What `faceactors train` writes beside the head's ONNX file (same name, .json): the calibrated threshold the
/// matcher uses, the embedder the head was trained on (its embeddings are the only ones it understands), the
/// data, seed and split, and the validation figures against cosine.
/// </summary>
public sealed record SiameseHeadCard(
    [property: JsonPropertyName("threshold")] float Threshold,
    [property: JsonPropertyName("embedder")] EmbedderUsed Embedder,
    [property: JsonPropertyName("data")] TrainingData Data,
    [property: JsonPropertyName("seed")] int Seed,
    [property: JsonPropertyName("split")] SplitUsed Split,
    [property: JsonPropertyName("training")] SiameseTrainingOptions Training,
    [property: JsonPropertyName("validation")] ValidationUsed Validation,
    [property: JsonPropertyName("created")] DateTimeOffset Created)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
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
            throw new ArgumentException($"The Siamese head's calibration '{path}' is not valid ({e.Message}). Train it again with `./faceactors train --data DIR`.");
        }
    }
}
