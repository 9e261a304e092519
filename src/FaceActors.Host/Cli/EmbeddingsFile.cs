using System.Text.Json;
using System.Text.Json.Serialization;
using FaceActors.Recognition.Evaluation;
using FaceActors.Vision;

namespace FaceActors.Host.Cli;

/// <summary>
/// What one image of a dataset gave a pipeline: the time to find its faces, the time to align and embed the largest,
/// and that face's embedding (none when no face was found). <see cref="Path"/> is relative to the dataset folder.
/// </summary>
internal sealed record ImageEmbedding(
    [property: JsonPropertyName("path")] string Path,
    [property: JsonPropertyName("detect_ms")] double DetectMs,
    [property: JsonPropertyName("embed_ms")] double? EmbedMs,
    [property: JsonPropertyName("embedding")] float[]? Embedding);

/// <summary>
/// A dataset embedded by one pipeline, ours (`eval verification --save-embeddings`) or a peer's (bench/peers), so that
/// `eval verification --embeddings` scores every pipeline with the same code, and the times sit beside the scores.
/// </summary>
internal sealed record EmbeddingsFile(
    [property: JsonPropertyName("pipeline")] string Pipeline,
    [property: JsonPropertyName("threads")] int Threads,
    [property: JsonPropertyName("border")] int Border,
    [property: JsonPropertyName("images")] IReadOnlyList<ImageEmbedding> Images)
{
    private static readonly JsonSerializerOptions Options = new() { WriteIndented = false };

    public void Write(string path) => File.WriteAllText(path, JsonSerializer.Serialize(this, Options));

    public static EmbeddingsFile Read(string path)
    {
        if (!File.Exists(path)) throw new InvalidInputException($"The embeddings file '{path}' does not exist; bench/peers/run.sh writes one per pipeline and dataset.");
        EmbeddingsFile? file;
        try
        {
            file = JsonSerializer.Deserialize<EmbeddingsFile>(File.ReadAllText(path), Options);
        }
        catch (JsonException e)
        {
            throw new InvalidInputException($"The embeddings file '{path}' is not valid JSON ({e.Message}); it should be {{\"pipeline\", \"threads\", \"border\", \"images\": [{{\"path\", \"detect_ms\", \"embed_ms\", \"embedding\"}}]}}.");
        }
        if (file?.Images is null || file.Pipeline is null)
            throw new InvalidInputException($"The embeddings file '{path}' has no \"pipeline\" or no \"images\".");
        return file;
    }

    /// <summary>
    /// These embeddings as the evaluation's input: every image of <paramref name="dataset"/> must have its entry. Others
    /// may be there (a pairs file names some of a folder's images); a file made on another folder lacks the dataset's.
    /// </summary>
    public EmbeddedDataset For(FolderDataset dataset, string path)
    {
        var byPath = new Dictionary<string, ImageEmbedding>(StringComparer.Ordinal);
        foreach (var image in Images)
            if (!byPath.TryAdd(Normalised(image.Path), image))
                throw new InvalidInputException($"The embeddings file '{path}' lists '{image.Path}' twice.");
        var matched = new List<(DatasetImage, ImageEmbedding)>();
        foreach (var image in dataset.Images)
        {
            var relative = Normalised(System.IO.Path.GetRelativePath(dataset.Root, image.Path));
            if (!byPath.Remove(relative, out var result))
                throw new InvalidInputException($"The embeddings file '{path}' has no entry for '{relative}': it was made on another dataset than '{dataset.Root}', or the pipeline skipped the image.");
            matched.Add((image, result));
        }
        var sizes = matched.Select(m => m.Item2.Embedding?.Length).OfType<int>().Distinct().ToList();
        if (sizes.Count > 1)
            throw new InvalidInputException($"The embeddings file '{path}' mixes embeddings of {string.Join(" and ", sizes)} values; one pipeline gives one size.");
        return EmbeddedDataset.Of(dataset, matched, []);
    }

    private static string Normalised(string relative) => relative.Replace('\\', '/');
}
