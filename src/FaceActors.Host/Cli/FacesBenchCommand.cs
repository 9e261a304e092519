using System.CommandLine;
using System.Text.Json;
using FaceActors.Host.Benchmarking.Faces;
using FaceActors.Host.Configuration;
using FaceActors.Vision.BlazeFace;
using FaceActors.Vision.Detection;
using FaceActors.Vision.Mtcnn;
using Spectre.Console;

namespace FaceActors.Host.Cli;

/// <summary>`faceactors bench faces`: MTCNN and the three BlazeFace models side by side, on normal and on small faces.</summary>
internal static class FacesBenchCommand
{
    public static Command Build(Option<DirectoryInfo> samples, Option<DirectoryInfo> shared)
    {
        var config = CommonOptions.Config();
        var json = new Option<FileInfo?>("--json") { Description = "Also write every figure to this file as JSON." };
        var command = new Command("faces",
            "Measure each face detector's recall, false positives and cost on dlib's face boxes and on composed frames with 24-48 px faces.")
        {
            config, shared, samples, json,
        };
        command.SetAction((result, _) => CommandErrors.RunAsync(async () =>
        {
            var vision = VisionSettings.From(FaceActorsConfiguration.Load(result.GetValue(config)?.FullName)).RequireModelFiles();
            IReadOnlyList<FaceBenchResult> results = [];
            using var reference = new MtcnnDetector(vision.Mtcnn);
            CommonOptions.ProgressConsole.Status().Start("Reading images", status =>
                results = FaceDetectorBench.Run(Candidates(vision), reference, result.GetRequiredValue(shared).FullName,
                    result.GetRequiredValue(samples).FullName, message => status.Status(Markup.Escape(message))));
            BenchTable.Print("Face detectors, one thread", ["detector", "images", "faces", "recall (IoU 0.5)", "recall (centre)", "false positives", "ms/image"],
                results.Select(r => (r.Set, new[]
                {
                    r.Detector, $"{r.Images}", $"{r.Faces}", $"{r.Recall:P0}", $"{r.CentreRecall:P0}", $"{r.FalsePositives}", $"{r.MsPerImage:0.0}",
                })));
            if (result.GetValue(json) is { } file)
                await File.WriteAllTextAsync(file.FullName, JsonSerializer.Serialize(results, CommonOptions.JsonOutput));
            return 0;
        }));
        return command;
    }

    /// <summary>MTCNN as configured and at a 20 px minimum face, and each BlazeFace model with the configured thresholds.</summary>
    private static List<(string, Func<IFaceDetector>)> Candidates(VisionSettings vision)
    {
        IFaceDetector BlazeFace(BlazeFaceModel model) => new BlazeFaceDetector(vision.BlazeFace with
        {
            Model = model, ModelPath = Path.Combine(vision.ModelsDirectory, BlazeFaceOptions.InstalledFile(model)),
        });
        return
        [
            ($"MTCNN (min face {vision.Mtcnn.MinFaceSize})", () => new MtcnnDetector(vision.Mtcnn)),
            ("MTCNN (min face 20)", () => new MtcnnDetector(vision.Mtcnn with { MinFaceSize = 20 })),
            ("BlazeFace front (128)", () => BlazeFace(BlazeFaceModel.Front128)),
            ("BlazeFace back (256)", () => BlazeFace(BlazeFaceModel.Back256)),
            ("BlazeFace full range (192)", () => BlazeFace(BlazeFaceModel.FullRange192)),
        ];
    }
}
