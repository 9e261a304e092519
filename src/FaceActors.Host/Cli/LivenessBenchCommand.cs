using System.CommandLine;
using System.Text.Json;
using FaceActors.Host.Benchmarking.Liveness;
using FaceActors.Host.Configuration;
using FaceActors.Vision.Liveness;
using FaceActors.Vision.Mtcnn;
using Spectre.Console;

namespace FaceActors.Host.Cli;

/// <summary>`faceactors bench liveness`: both anti-spoofing models on real photos and on composed prints of them.</summary>
internal static class LivenessBenchCommand
{
    public static Command Build(Option<DirectoryInfo> samples, Option<DirectoryInfo> shared)
    {
        var config = CommonOptions.Config();
        var json = new Option<FileInfo?>("--json") { Description = "Also write every figure to this file as JSON." };
        var command = new Command("liveness",
            "Score real photos and composed prints of them with both anti-spoofing models, at the configured threshold, and time a face.")
        {
            config, shared, samples, json,
        };
        command.SetAction((result, _) => CommandErrors.RunAsync(async () =>
        {
            var vision = VisionSettings.From(FaceActorsConfiguration.Load(result.GetValue(config)?.FullName)).RequireModelFiles();
            var threshold = vision.Liveness?.Threshold ?? 0.5f;
            var models = new[] { LivenessModel.AntiSpoof128, LivenessModel.LivenessNet32 }
                .Select(m => new LivenessOptions(Path.Combine(vision.ModelsDirectory, LivenessOptions.InstalledFile(m)), m, threshold)).ToList();
            using var faces = new MtcnnDetector(vision.Mtcnn);
            IReadOnlyList<LivenessBenchResult> results = [];
            CommonOptions.ProgressConsole.Status().Start("Reading photos", status =>
                results = LivenessBench.Run(models, faces, result.GetRequiredValue(shared).FullName, result.GetRequiredValue(samples).FullName,
                    message => status.Status(Markup.Escape(message))));
            BenchTable.Print($"Liveness, one thread, threshold {threshold}", ["model", "faces", "mean score", "min", "max", "flagged", "ms/face"],
                results.Select(r => (r.Set, new[]
                {
                    r.Model, $"{r.Faces}", $"{r.MeanScore:0.00}", $"{r.MinScore:0.00}", $"{r.MaxScore:0.00}", $"{r.Flagged}", $"{r.MsPerFace:0.00}",
                })));
            if (result.GetValue(json) is { } file)
                await File.WriteAllTextAsync(file.FullName, JsonSerializer.Serialize(results, CommonOptions.JsonOutput));
            return 0;
        }));
        return command;
    }
}
