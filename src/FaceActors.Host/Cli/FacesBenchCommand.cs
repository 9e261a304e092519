using System.CommandLine;
using FaceActors.Host.Benchmarking.Faces;
using FaceActors.Configuration;
using FaceActors.Vision.BlazeFace;
using FaceActors.Vision.Detection;
using FaceActors.Vision.Mtcnn;

namespace FaceActors.Host.Cli;

/// <summary>`faceactors bench faces`: MTCNN and the three BlazeFace models side by side, on normal and on small faces.</summary>
internal static class FacesBenchCommand
{
    public static Command Build(Option<DirectoryInfo> samples, Option<DirectoryInfo> shared) =>
        SideBySideBench.Build<FaceBenchResult>("faces",
            "Measure each face detector's recall, false positives and cost on dlib's face boxes and on composed frames with 24-48 px faces.", samples, shared,
            _ => "Face detectors, one thread", ["detector", "images", "faces", "recall (IoU 0.5)", "recall (centre)", "false positives", "ms/image"],
            r => (r.Set, [r.Detector, $"{r.Images}", $"{r.Faces}", $"{r.Recall:P0}", $"{r.CentreRecall:P0}", $"{r.FalsePositives}", $"{r.MsPerImage:0.0}"]),
            (vision, _, sharedData, samplesFolder, progress) =>
            {
                using var reference = new MtcnnDetector(vision.Mtcnn);
                return FaceDetectorBench.Run(Candidates(vision), reference, sharedData, samplesFolder, progress);
            });

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
