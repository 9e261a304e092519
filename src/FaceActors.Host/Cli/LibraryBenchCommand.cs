using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using FaceActors.Configuration;
using FaceActors.Host.Benchmarking.Library;
using FaceActors.Node.Components;
using FaceActors.Vision;
using Spectre.Console;

namespace FaceActors.Host.Cli;

/// <summary>`faceactors bench library`: the face library's grouping, its purity and completeness at each similarity.</summary>
internal static class LibraryBenchCommand
{
    public static Command Build(Option<DirectoryInfo> shared)
    {
        var config = CommonOptions.Config();
        var json = new Option<FileInfo?>("--json") { Description = "Also write every figure to this file as JSON." };
        var similarities = new Option<string>("--similarities")
        {
            Description = "Cosine similarities to a group's centre to try, comma-separated.",
            DefaultValueFactory = _ => "0.3,0.35,0.4,0.45,0.5,0.55,0.6,0.65,0.7",
        };
        var seeds = new Option<int>("--seeds") { Description = "Random orders ORL's faces are grouped in (the mean is reported).", DefaultValueFactory = _ => 5 };
        var command = new Command("library", "Group ORL's faces (in random orders) and a composed clip's faces (in camera order) as the face library does, at each similarity: purity, completeness, groups.")
        {
            config, shared, similarities, seeds, json,
        };
        command.SetAction((result, _) => CommandErrors.RunAsync(async () =>
        {
            var configuration = FaceActorsConfiguration.Load(result.GetValue(config)?.FullName);
            var vision = VisionSettings.From(configuration).RequireModelFiles();
            var review = ReviewSettings.From(configuration);
            var gate = GallerySettings.QualityFrom(configuration);
            var thresholds = Parse(result.GetRequiredValue(similarities));
            var seedCount = result.GetValue(seeds);
            if (seedCount is < 1 or > 100) throw new InvalidInputException($"--seeds must be 1..100, got {seedCount}.");
            var sharedData = result.GetRequiredValue(shared).FullName;

            using var models = VisionComponents.Create(vision, withEmbedder: true);
            const int border = 20;
            var orl = DatasetEmbedding.Embed(DatasetEmbedding.Open(Path.Combine(sharedData, "orl_faces"), border), border, models);
            IReadOnlyList<(string, float[])> clipFaces = [];
            CommonOptions.ProgressConsole.Status().Start("Composed clip", status =>
                clipFaces = LibraryBench.ClipFaces(Path.Combine(sharedData, "face_recognition_examples", "knn_examples", "train"), models.Analyzer, gate,
                    message => status.Status(Markup.Escape(message))));
            var results = LibraryBench.Orl(orl.Samples.Select(s => (s.Identity, s.Embedding)).ToList(), thresholds, seedCount)
                .Concat(LibraryBench.Clip(clipFaces, thresholds)).ToList();

            Print(results, review?.ClusterSimilarity);
            if (result.GetValue(json) is { } file) await File.WriteAllTextAsync(file.FullName, JsonSerializer.Serialize(results, CommonOptions.JsonOutput));
            return 0;
        }));
        return command;
    }

    private static IReadOnlyList<float> Parse(string text)
    {
        var values = new List<float>();
        foreach (var part in text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            values.Add(float.TryParse(part, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && v is >= -1 and <= 1
                ? v
                : throw new InvalidInputException($"--similarities takes numbers in -1..1 separated by commas; '{part}' is not one."));
        return values.Count > 0 ? values : throw new InvalidInputException("--similarities lists no similarity.");
    }

    private static void Print(IReadOnlyList<LibraryBenchResult> results, float? configured)
    {
        var table = new Table().Title($"Face library grouping (configured: faceactors.review.cluster-similarity = {configured?.ToString("0.00", CultureInfo.InvariantCulture) ?? "off"})");
        foreach (var column in new[] { "similarity", "faces", "people", "groups", "purity", "completeness", "F" }) table.AddColumn(new TableColumn(column).RightAligned());
        foreach (var set in results.GroupBy(r => r.Set))
        {
            table.AddRow(new Markup($"[bold]{Markup.Escape(set.Key)}[/]"));
            var best = set.MaxBy(r => r.F)!;
            foreach (var r in set)
                table.AddRow($"{r.Similarity:0.00}{(r == best ? " best F" : "")}", $"{r.Faces}", $"{r.People}", $"{r.Groups:0.0}", $"{r.Purity:P1}", $"{r.Completeness:P1}", $"{r.F:0.000}");
        }
        AnsiConsole.Write(table);
    }
}
