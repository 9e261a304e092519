using System.CommandLine;
using System.Text.Json;
using FaceActors.Host.Benchmarking.Persons;
using FaceActors.Host.Configuration;
using FaceActors.Vision.Inference;
using FaceActors.Vision.Persons;
using Spectre.Console;

namespace FaceActors.Host.Cli;

/// <summary>`faceactors bench persons`: the installed person detectors (and a YOLO file, if given) side by side.</summary>
internal static class PersonsBenchCommand
{
    public static Command Build(Option<DirectoryInfo> samples)
    {
        var config = CommonOptions.Config();
        var yolo = new Option<FileInfo?>("--yolo") { Description = "Also measure this YOLO person detector (ONNX), with the configured YOLO format or YOLOX." };
        var shared = new Option<DirectoryInfo>("--shared")
        {
            Description = "The shared test data (the Intel clip and two_people.jpg); ../shared beside the checkout by default.",
            DefaultValueFactory = _ => new DirectoryInfo(Path.Combine(HomeDirectory.Path, "..", "shared", "data")),
        };
        var json = new Option<FileInfo?>("--json") { Description = "Also write every figure to this file as JSON." };
        var command = new Command("persons",
            "Measure each person detector's recall, false alarms and cost per frame on frames with known person counts.")
        {
            config, yolo, shared, samples, json,
        };
        command.SetAction((result, _) => CommandErrors.RunAsync(async () =>
        {
            var vision = VisionSettings.From(FaceActorsConfiguration.Load(result.GetValue(config)?.FullName));
            var detectors = Candidates(vision, result.GetValue(yolo)?.FullName);
            IReadOnlyList<PersonBenchResult> results = [];
            CommonOptions.ProgressConsole.Status().Start("Reading frames", status =>
                results = PersonDetectorBench.Run(detectors, result.GetRequiredValue(shared).FullName, result.GetRequiredValue(samples).FullName,
                    message => status.Status(Markup.Escape(message))));
            Print(results);
            if (result.GetValue(json) is { } file)
                await File.WriteAllTextAsync(file.FullName, JsonSerializer.Serialize(results, CommonOptions.JsonOutput));
            return 0;
        }));
        return command;
    }

    /// <summary>Every installed family with the configured thresholds, and the user's YOLO file.</summary>
    private static List<(string, PersonDetectorOptions)> Candidates(VisionSettings vision, string? yolo)
    {
        string Installed(string file) => Path.Combine(vision.ModelsDirectory, file);
        var thresholds = vision.Persons ?? PersonDetectorOptions.ForNanoDet("");
        var candidates = new List<(string, PersonDetectorOptions)>
        {
            ("NanoDet", PersonDetectorOptions.ForNanoDet(Installed(DefaultModels.NanoDet))),
            ("CenterNet", PersonDetectorOptions.ForCenterNet(Installed(DefaultModels.CenterNet))),
            ("BlazePose detector", PersonDetectorOptions.ForBlazePose(Installed(DefaultModels.BlazePoseDetector))),
        };
        if (yolo is not null) candidates.Add(($"YOLO ({Path.GetFileName(yolo)})", vision.PersonsFrom(yolo)));
        return candidates.Select(c => (c.Item1, c.Item2 with
        {
            ScoreThreshold = thresholds.ScoreThreshold, NmsIou = thresholds.NmsIou, Inference = thresholds.Inference,
        })).ToList();
    }

    private static void Print(IReadOnlyList<PersonBenchResult> results)
    {
        var table = new Table().Title("Person detectors, one thread");
        foreach (var column in new[] { "detector", "frames", "persons", "recall", "extra", "exact counts", "ms/frame" })
            table.AddColumn(new TableColumn(column).RightAligned());
        foreach (var set in results.GroupBy(r => r.Set))
        {
            table.AddRow(new Markup($"[bold]{Markup.Escape(set.Key)}[/]"));
            foreach (var r in set)
                table.AddRow(Markup.Escape(r.Detector), $"{r.Frames}", $"{r.Persons}", $"{r.Recall:P0}", $"{r.Extra}", $"{r.ExactCounts:P0}", $"{r.MsPerFrame:0.0}");
        }
        AnsiConsole.Write(table);
    }
}
