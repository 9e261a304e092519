using System.CommandLine;
using System.Text.Json.Serialization;
using FaceActors.Host.Configuration;
using FaceActors.Host.Vision;
using FaceActors.Recognition.Evaluation;
using FaceActors.Vision.Inference;
using OpenCvSharp;
using Spectre.Console;

namespace FaceActors.Host.Cli;

/// <summary>`faceactors eval verification --data DIR [--json] [--border PX]`.</summary>
internal static class EvalCommand
{
    public sealed record Distribution(int Pairs, double Mean, double Std);

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
        [property: JsonPropertyName("rank1_probes")] int Rank1Probes);

    public static Command Build()
    {
        var data = new Option<DirectoryInfo>("--data") { Description = "A folder-per-identity dataset: DIR/NAME/*.jpg (or .pgm, .png).", Required = true };
        var border = new Option<int>("--border")
        {
            Description = "Pixels of black border added around each image before detection. Cropped datasets such as ORL have faces touching the edge, which the detector's pyramid misses.",
            DefaultValueFactory = _ => 20,
        };
        var json = CommonOptions.Json();
        var config = CommonOptions.Config();
        var verification = new Command("verification", "Embed every face of a dataset (aligned) and report same/different cosine distributions, best accuracy, EER and leave-one-out rank-1.")
        {
            data, border, json, config,
        };
        verification.SetAction(result => CommandErrors.Run(() => RunVerification(
            result.GetRequiredValue(data).FullName, result.GetValue(border), result.GetValue(json), result.GetValue(config)?.FullName)));
        return new Command("eval", "Measure recognition quality on a dataset.") { verification };
    }

    private static int RunVerification(string dataPath, int border, bool json, string? configPath)
    {
        if (border is < 0 or > 1000) throw new ArgumentException($"--border must be 0..1000 pixels, got {border}.");
        var settings = VisionSettings.Load(configPath);
        var dataset = FolderDataset.Open(dataPath);
        if (dataset.Images.Count < 2) throw new ArgumentException($"The dataset '{dataPath}' has {dataset.Images.Count} image(s); lay it out as DIR/NAME/*.jpg with at least two images.");
        using var vision = VisionComponents.Create(settings, withEmbedder: true);
        using var framed = new Mat();
        var noFace = new List<string>();

        var read = CommonOptions.ProgressConsole.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
            .Start(context =>
            {
                var bar = context.AddTask($"Embedding {dataset.Images.Count} images", maxValue: dataset.Images.Count);
                return dataset.Read<float[]?>((image, bgr) =>
                {
                    bar.Increment(1);
                    Cv2.CopyMakeBorder(bgr, framed, border, border, border, border, BorderTypes.Constant, Scalar.All(0));
                    try
                    {
                        return vision.Analyzer.EmbedSingleFace(framed, $"'{image.Path}'");
                    }
                    catch (NoFaceFoundException)
                    {
                        noFace.Add(image.Path);
                        return null;
                    }
                });
            });

        var samples = read.Items.Where(i => i.Value is not null).Select(i => new LabelledEmbedding(i.Image.Identity, i.Value!)).ToList();
        var report = VerificationEvaluator.Evaluate(samples);
        var result = new VerificationResult(dataPath, dataset.Images.Count, dataset.Identities.Count(), noFace,
            read.Unreadable.Select(u => u.Path).ToList(), report.Scores.Same.Count + report.Scores.Different.Count,
            new Distribution(report.Scores.Same.Count, report.Scores.Same.Mean, report.Scores.Same.StandardDeviation),
            new Distribution(report.Scores.Different.Count, report.Scores.Different.Mean, report.Scores.Different.StandardDeviation),
            report.Scores.BestAccuracy, report.Scores.BestThreshold, report.Scores.EqualErrorRate, report.Scores.RocAuc, report.Rank1Accuracy, report.Rank1Probes);

        if (json) CommonOptions.WriteJson(result);
        else Print(result);
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
        AnsiConsole.MarkupLineInterpolated($"[bold]Verification on {r.Dataset}[/]");
        AnsiConsole.Write(table);
    }
}
