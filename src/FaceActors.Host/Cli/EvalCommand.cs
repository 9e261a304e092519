using FaceActors.Vision;
using System.CommandLine;
using System.Text.Json.Serialization;
using FaceActors.Configuration;
using FaceActors.Recognition.Evaluation;
using Spectre.Console;
using FaceActors.Node.Components;

namespace FaceActors.Host.Cli;

/// <summary>`faceactors eval verification --data DIR [--pairs FILE] [--json] [--border PX] [--embeddings FILE | --save-embeddings FILE]`.</summary>
internal static class EvalCommand
{
    public sealed record Distribution(int Pairs, double Mean, double Std);

    /// <summary>Mean times of the pipeline that made the embeddings: finding faces per image, aligning and embedding per face.</summary>
    public sealed record Timings(
        [property: JsonPropertyName("pipeline")] string Pipeline,
        [property: JsonPropertyName("threads")] int Threads,
        [property: JsonPropertyName("detect_ms_per_image")] double DetectMsPerImage,
        [property: JsonPropertyName("embed_ms_per_face")] double EmbedMsPerFace)
    {
        public static Timings Of(EmbeddingsFile file) => new(file.Pipeline, file.Threads,
            file.Images.Average(i => i.DetectMs),
            file.Images.Where(i => i.EmbedMs is not null).Select(i => i.EmbedMs!.Value).DefaultIfEmpty(0).Average());
    }

    public sealed record VerificationResult(
        [property: JsonPropertyName("dataset")] string Dataset,
        [property: JsonPropertyName("images")] int Images,
        [property: JsonPropertyName("identities")] int Identities,
        [property: JsonPropertyName("no_face")] IReadOnlyList<string> NoFace,
        [property: JsonPropertyName("unreadable")] IReadOnlyList<string> Unreadable,
        [property: JsonPropertyName("pairs")] int Pairs,
        [property: JsonPropertyName("same")] Distribution Same,
        [property: JsonPropertyName("different")] Distribution Different,
        [property: JsonPropertyName("best_accuracy")] double BestAccuracy,
        [property: JsonPropertyName("threshold")] double Threshold,
        [property: JsonPropertyName("eer")] double Eer,
        [property: JsonPropertyName("auc")] double Auc,
        [property: JsonPropertyName("rank1")] double Rank1,
        [property: JsonPropertyName("rank1_probes")] int Rank1Probes,
        [property: JsonPropertyName("timings")] Timings Timings);

    public sealed record FoldedResult(
        [property: JsonPropertyName("dataset")] string Dataset,
        [property: JsonPropertyName("pairs_file")] string PairsFile,
        [property: JsonPropertyName("pairs")] int Pairs,
        [property: JsonPropertyName("unscored_pairs")] int Unscored,
        [property: JsonPropertyName("folds")] IReadOnlyList<FoldResult> Folds,
        [property: JsonPropertyName("mean_accuracy")] double MeanAccuracy,
        [property: JsonPropertyName("std_accuracy")] double StdAccuracy,
        [property: JsonPropertyName("timings")] Timings Timings);

    public static Command Build()
    {
        var data = DatasetEmbedding.Data();
        var border = DatasetEmbedding.Border();
        var json = CommonOptions.Json();
        var config = CommonOptions.Config();
        var pairs = new Option<FileInfo?>("--pairs")
        {
            Description = "Run LFW's protocol instead: the pairs in this file (LFW's pairs.txt, or a CSV fold,label,img_a,img_b with paths under --data), " +
                          "the threshold chosen on the other folds and applied to each fold; mean ± std accuracy. A pair whose face is not found counts as an error.",
        };
        var embeddings = new Option<FileInfo?>("--embeddings")
        {
            Description = "Score the embeddings in this file (another pipeline's, as bench/peers writes them) instead of embedding the dataset; the same measures, and its times beside them.",
        };
        var save = new Option<FileInfo?>("--save-embeddings")
        {
            Description = "Also write each image's embedding and times to this file, in the format --embeddings reads.",
        };
        var verification = new Command("verification", "Embed every face of a dataset (aligned) and report same/different cosine distributions, best accuracy, EER and leave-one-out rank-1; or, with --pairs, LFW's 10-fold protocol.")
        {
            data, pairs, border, json, config, embeddings, save,
        };
        verification.SetAction(result => CommandErrors.Run(() =>
        {
            var request = new Request(result.GetRequiredValue(data).FullName, result.GetValue(border), result.GetValue(config)?.FullName,
                result.GetValue(embeddings)?.FullName, result.GetValue(save)?.FullName);
            return result.GetValue(pairs) is { } pairsFile
                ? RunPairs(request, pairsFile.FullName, result.GetValue(json))
                : RunVerification(request, result.GetValue(json));
        }));
        return new Command("eval", "Measure recognition quality on a dataset.") { verification };
    }

    /// <summary>Where the embeddings come from: the dataset embedded here (and perhaps saved), or a file of another pipeline's.</summary>
    private sealed record Request(string DataPath, int Border, string? ConfigPath, string? EmbeddingsPath, string? SavePath)
    {
        public (EmbeddedDataset Embedded, Timings Timings) Embed(FolderDataset dataset)
        {
            if (EmbeddingsPath is not null)
            {
                if (SavePath is not null) throw new InvalidInputException("--save-embeddings writes embeddings made here; with --embeddings nothing is made. Give one of them.");
                var file = EmbeddingsFile.Read(EmbeddingsPath);
                return (file.For(dataset, EmbeddingsPath), Timings.Of(file));
            }
            var settings = VisionSettings.Load(ConfigPath);
            using var vision = VisionComponents.Create(settings, withEmbedder: true);
            var embedded = DatasetEmbedding.Embed(dataset, Border, vision);
            var made = new EmbeddingsFile(
                $"FaceActors ({settings.Detector}, {Path.GetFileNameWithoutExtension(settings.Embedder.ModelPath)})", settings.Embedder.Inference.IntraOpThreads, Border, embedded.PerImage);
            if (SavePath is not null) made.Write(SavePath);
            return (embedded, Timings.Of(made));
        }
    }

    private static int RunVerification(Request request, bool json)
    {
        var dataset = DatasetEmbedding.Open(request.DataPath, request.Border);
        var (embedded, timings) = request.Embed(dataset);
        var report = VerificationEvaluator.Evaluate(embedded.Samples);
        var scores = report.Scores;
        var result = new VerificationResult(request.DataPath, embedded.Dataset.Images.Count, embedded.Identities, embedded.NoFace, embedded.Unreadable,
            scores.Same.Count + scores.Different.Count,
            new Distribution(scores.Same.Count, scores.Same.Mean, scores.Same.StandardDeviation),
            new Distribution(scores.Different.Count, scores.Different.Mean, scores.Different.StandardDeviation),
            scores.BestAccuracy, scores.BestThreshold, scores.EqualErrorRate, scores.RocAuc, report.Rank1Accuracy, report.Rank1Probes, timings);

        if (json) CommonOptions.WriteJson(result);
        else Print(result);
        return 0;
    }

    private static int RunPairs(Request request, string pairsPath, bool json)
    {
        var pairs = VerificationPairs.Read(pairsPath, request.DataPath);
        var dataset = FolderDataset.Of(request.DataPath, pairs.SelectMany(p => new[] { p.First, p.Second }));
        var (embedded, timings) = request.Embed(dataset);
        var scores = pairs.Select(p => embedded.ByPath.TryGetValue(p.First.Path, out var a) && embedded.ByPath.TryGetValue(p.Second.Path, out var b)
            ? VerificationEvaluator.Cosine(a, b)
            : (float?)null).ToList();
        var folded = TenFoldProtocol.Evaluate(pairs, scores);
        var result = new FoldedResult(request.DataPath, pairsPath, pairs.Count, scores.Count(s => s is null), folded.Folds, folded.MeanAccuracy, folded.StandardDeviation, timings);

        if (json) CommonOptions.WriteJson(result);
        else
        {
            var table = new Table().AddColumns("fold", "pairs", "without a face", "threshold (cosine ≥)", "accuracy");
            foreach (var fold in result.Folds)
                table.AddRow($"{fold.Fold}", $"{fold.Pairs}", $"{fold.Unscored}", $"{fold.Threshold:F3}", $"{fold.Accuracy:P2}");
            AnsiConsole.MarkupLineInterpolated($"[bold]{result.Folds.Count}-fold verification on {pairsPath}[/]");
            AnsiConsole.Write(table);
            AnsiConsole.MarkupLineInterpolated($"accuracy {result.MeanAccuracy:P2} ± {result.StdAccuracy:P2} over {result.Pairs} pairs ({result.Unscored} without a face, counted as errors)");
        }
        return 0;
    }

    private static void Print(VerificationResult r)
    {
        var table = new Table().AddColumns("measure", "value");
        table.AddRow("images / identities", $"{r.Images} / {r.Identities} ({r.NoFace.Count} without a face, {r.Unreadable.Count} unreadable)");
        table.AddRow("pairs evaluated", $"{r.Pairs} ({r.Same.Pairs} same, {r.Different.Pairs} different)");
        table.AddRow("cosine, same identity", $"{r.Same.Mean:F3} ± {r.Same.Std:F3}");
        table.AddRow("cosine, different identities", $"{r.Different.Mean:F3} ± {r.Different.Std:F3}");
        table.AddRow("best balanced accuracy", $"{r.BestAccuracy:P2} at cosine ≥ {r.Threshold:F3}");
        table.AddRow("equal error rate", $"{r.Eer:P2}");
        table.AddRow("ROC AUC", $"{r.Auc:F4}");
        table.AddRow("rank-1 (leave one out)", $"{r.Rank1:P2} of {r.Rank1Probes}");
        table.AddRow("time per image: detection / alignment and embedding", $"{r.Timings.DetectMsPerImage:F1} ms / {r.Timings.EmbedMsPerFace:F1} ms ({r.Timings.Pipeline}, {r.Timings.Threads} thread(s))");
        AnsiConsole.MarkupLineInterpolated($"[bold]Verification on {r.Dataset}[/]");
        AnsiConsole.Write(table);
    }
}
