using BenchmarkDotNet.Attributes;
using FaceActors.TestSupport;
using FaceActors.Vision.Detection;
using FaceActors.Vision.Inference;
using FaceActors.Vision.Mtcnn;
using OpenCvSharp;

namespace FaceActors.Benchmarks.Stages;

/// <summary>Whose MTCNN weights the detector loads.</summary>
public enum MtcnnExport
{
    /// <summary>Our conversion, installed in models/.</summary>
    Converted,
    /// <summary>The independent reference export in ../shared/models/mtcnn_reference, for comparison only.</summary>
    Reference,
}

/// <summary>
/// One MTCNN detection on the 640x480 frame. Both exports run through the same MtcnnDetector in the same
/// harness, so a difference between them is the graphs', not the pipeline's.
/// </summary>
[Config(typeof(ShortInProcessConfig))]
public class MtcnnBenchmarks
{
    private Mat _frame = null!;
    private MtcnnDetector _detector = null!;

    [Params(40, 80)]
    public int MinFaceSize { get; set; }

    [Params(MtcnnExport.Converted, MtcnnExport.Reference)]
    public MtcnnExport Export { get; set; }

    [Params(1, 2)]
    public int IntraOpThreads { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _frame = BenchmarkFrame.Load();
        _detector = new MtcnnDetector(new MtcnnOptions
        {
            MinFaceSize = MinFaceSize,
            PNetPath = ModelPath(DefaultModels.PNet, "pnet"),
            RNetPath = ModelPath(DefaultModels.RNet, "rnet"),
            ONetPath = ModelPath(DefaultModels.ONet, "onet"),
            Inference = BenchmarkFrame.Inference(IntraOpThreads),
        });
    }

    [Benchmark]
    public IReadOnlyList<FaceDetection> Detect() => _detector.Detect(_frame);

    [GlobalCleanup]
    public void Cleanup()
    {
        _detector.Dispose();
        _frame.Dispose();
    }

    private string ModelPath(string installed, string reference) => Export == MtcnnExport.Converted
        ? TestPaths.InstalledModel(installed)
        : TestPaths.SharedModel($"mtcnn_reference/{reference}.onnx");
}
