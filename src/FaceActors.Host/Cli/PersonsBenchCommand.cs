using System.CommandLine;
using FaceActors.Host.Benchmarking.Persons;
using FaceActors.Configuration;
using FaceActors.Vision.Inference;
using FaceActors.Vision.Persons;

namespace FaceActors.Host.Cli;

/// <summary>`faceactors bench persons`: the installed person detectors (and a YOLO file, if given) side by side.</summary>
internal static class PersonsBenchCommand
{
    public static Command Build(Option<DirectoryInfo> samples, Option<DirectoryInfo> shared)
    {
        var yolo = new Option<FileInfo?>("--yolo") { Description = "Also measure this YOLO person detector (ONNX), with the configured YOLO format or YOLOX." };
        return SideBySideBench.Build<PersonBenchResult>("persons",
            "Measure each person detector's recall, false alarms and cost per frame on frames with known person counts.", samples, shared,
            _ => "Person detectors, one thread", ["detector", "frames", "persons", "recall", "extra", "exact counts", "ms/frame"],
            r => (r.Set, [r.Detector, $"{r.Frames}", $"{r.Persons}", $"{r.Recall:P0}", $"{r.Extra}", $"{r.ExactCounts:P0}", $"{r.MsPerFrame:0.0}"]),
            (vision, result, sharedData, samplesFolder, progress) =>
                PersonDetectorBench.Run(Candidates(vision, result.GetValue(yolo)?.FullName), sharedData, samplesFolder, progress),
            yolo);
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
}
