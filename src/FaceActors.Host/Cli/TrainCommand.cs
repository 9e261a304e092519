using System.CommandLine;
using System.Text.Json;
using FaceActors.Configuration;
using FaceActors.Models.Installation;
using FaceActors.Recognition.Siamese;
using FaceActors.Vision.Inference;
using Spectre.Console;
using FaceActors.Node.Components;

namespace FaceActors.Host.Cli;

/// <summary>
/// `faceactors train --data DIR [--seed N] [--validation-identities N] [--epochs N] [--border PX] [--json]`:
/// trains the Siamese head on a folder-per-identity dataset, split by identity, and writes the head
/// (faceactors.matcher.siamese-model) with its calibration card beside it.
/// </summary>
internal static class TrainCommand
{
    public sealed record TrainReport(string Model, string Card, SiameseHeadCard Head);

    public static Command Build()
    {
        var data = DatasetEmbedding.Data();
        var border = DatasetEmbedding.Border();
        var seed = new Option<int>("--seed") { Description = "Seeds the identity split, the initial weights and the pair sampling.", DefaultValueFactory = _ => 1 };
        var validation = new Option<int?>("--validation-identities")
        {
            Description = "Identities held out to validate and calibrate the head; none of their images is used in training (default: a quarter, 10 of ORL's 40).",
        };
        var epochs = new Option<int>("--epochs") { Description = "Passes over freshly balanced pairs. 1..10000.", DefaultValueFactory = _ => new SiameseTrainingOptions().Epochs };
        var json = CommonOptions.Json();
        var config = CommonOptions.Config();
        var command = new Command("train",
            "Train the Siamese similarity head on a folder-per-identity dataset (split by identity), compare it with cosine on the held-out identities, and write it to the models folder.")
        {
            data, border, seed, validation, epochs, json, config,
        };
        command.SetAction(result => CommandErrors.Run(() => Run(
            result.GetRequiredValue(data).FullName, result.GetValue(border), result.GetValue(seed), result.GetValue(validation),
            result.GetValue(epochs), result.GetValue(json), result.GetValue(config)?.FullName)));
        return command;
    }

    private static int Run(string dataPath, int border, int seed, int? validationIdentities, int epochs, bool json, string? configPath)
    {
        var settings = VisionSettings.Load(configPath);
        var options = new SiameseTrainingOptions(Epochs: epochs, Seed: seed).Validate();
        var dataset = DatasetEmbedding.Open(dataPath, border);
        EmbeddedDataset embedded;
        using (var vision = VisionComponents.Create(settings, withEmbedder: true))
            embedded = DatasetEmbedding.Embed(dataset, border, vision);

        var held = validationIdentities ?? Math.Max(2, embedded.Identities / 4);
        var result = CommonOptions.ProgressConsole.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn())
            .Start(context =>
            {
                var bar = context.AddTask($"Training the head ({options.Epochs} epochs)", maxValue: options.Epochs);
                return SiameseTraining.Run(embedded.Samples, held, options, new ImmediateProgress<int>(epoch => bar.Value = epoch));
            });

        var card = SiameseHeadCard.From(result,
            new EmbedderUsed(Path.GetFileName(settings.Embedder.ModelPath), settings.Embedder.OutputDimension),
            new TrainingData(dataPath, dataset.Images.Count, embedded.Identities, embedded.NoFace), options, DateTimeOffset.UtcNow);
        var model = settings.Matcher.SiameseModel;
        Directory.CreateDirectory(Path.GetDirectoryName(model)!);
        // The head is loaded by ONNX Runtime before it replaces a previous one, as the installer does with its models.
        AtomicFile.Write(model, SiameseHeadOnnx.Export(result.Head), partial => { using (new OnnxSiameseHead(partial)) { } });
        AtomicFile.Write(SiameseHeadCard.PathFor(model), card.ToBytes());

        var report = new TrainReport(model, SiameseHeadCard.PathFor(model), card);
        // The card's own JSON settings, so --json prints the card exactly as the file holds it.
        if (json) Console.WriteLine(JsonSerializer.Serialize(report, SiameseHeadCard.Json));
        else Print(report, result);
        return 0;
    }

    private static void Print(TrainReport report, SiameseTrainingResult result)
    {
        var card = report.Head;
        var validation = string.Join(", ", card.Split.Validation);
        AnsiConsole.MarkupLineInterpolated(
            $"[bold]Siamese head[/] trained on {card.Split.TrainImages} images of {card.Split.Train.Count} identities (seed {card.Seed}); validated on {card.Split.ValidationImages} images of {card.Split.Validation.Count} others: {validation}");
        var table = new Table().AddColumns("on the validation pairs", "cosine", "Siamese head");
        table.AddRow("pairs", $"{card.Validation.SamePairs} same, {card.Validation.DifferentPairs} different", "the same pairs");
        var (cosine, head) = (result.Cosine, result.HeadScores);
        table.AddRow("best balanced accuracy", $"{cosine.BestAccuracy:P2}", $"{head.BestAccuracy:P2}");
        table.AddRow("at threshold", $"cos ≥ {cosine.BestThreshold:F3}", $"similarity ≥ {head.BestThreshold:F3}");
        table.AddRow("equal error rate", $"{cosine.EqualErrorRate:P2}", $"{head.EqualErrorRate:P2}");
        table.AddRow("ROC AUC", $"{cosine.RocAuc:F5}", $"{head.RocAuc:F5}");
        AnsiConsole.Write(table);
        if (card.Data.NoFace.Count > 0) AnsiConsole.MarkupLineInterpolated($"[yellow]{card.Data.NoFace.Count} image(s) without a face were left out.[/]");
        AnsiConsole.MarkupLineInterpolated($"Wrote {report.Model} and {report.Card} (threshold {card.Threshold:F3}). Use it with faceactors.matcher.kind = siamese.");
    }
}
