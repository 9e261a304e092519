using System.CommandLine;
using FaceActors.Host.Benchmarking.Liveness;
using FaceActors.Configuration;
using FaceActors.Vision.Liveness;
using FaceActors.Vision.Mtcnn;

namespace FaceActors.Host.Cli;

/// <summary>`faceactors bench liveness`: both anti-spoofing models on real photos and on composed prints of them.</summary>
internal static class LivenessBenchCommand
{
    public static Command Build(Option<DirectoryInfo> samples, Option<DirectoryInfo> shared) =>
        SideBySideBench.Build<LivenessBenchResult>("liveness",
            "Score real photos and composed prints of them with both anti-spoofing models, at the configured threshold, and time a face.", samples, shared,
            vision => $"Liveness, one thread, threshold {Threshold(vision)}", ["model", "faces", "mean score", "min", "max", "flagged", "ms/face"],
            r => (r.Set, [r.Model, $"{r.Faces}", $"{r.MeanScore:0.00}", $"{r.MinScore:0.00}", $"{r.MaxScore:0.00}", $"{r.Flagged}", $"{r.MsPerFace:0.00}"]),
            (vision, _, sharedData, samplesFolder, progress) =>
            {
                var models = new[] { LivenessModel.AntiSpoof128, LivenessModel.LivenessNet32 }
                    .Select(m => new LivenessOptions(Path.Combine(vision.ModelsDirectory, LivenessOptions.InstalledFile(m)), m, Threshold(vision))).ToList();
                using var faces = new MtcnnDetector(vision.Mtcnn);
                return LivenessBench.Run(models, faces, sharedData, samplesFolder, progress);
            });

    /// <summary>The configured threshold when liveness is on, else the shipped 0.5: the models are measured either way.</summary>
    private static float Threshold(VisionSettings vision) => vision.Liveness?.Threshold ?? 0.5f;
}
