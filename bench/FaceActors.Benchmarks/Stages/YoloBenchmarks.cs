using BenchmarkDotNet.Attributes;
using FaceActors.TestSupport;
using FaceActors.Vision.Detection;
using FaceActors.Vision.Persons;
using OpenCvSharp;

namespace FaceActors.Benchmarks.Stages;

/// <summary>
/// One YOLOX-Nano person detection on the 640x480 frame, letterbox to NMS. The shared export fixes its input
/// at 416x416, so 416 without minimal padding runs that file as shipped; every other case runs a copy whose
/// declared H and W are free (the same graph and weights, see <see cref="DeclaredShapes"/>), because smaller
/// inputs and the 416x320 minimal-padding letterbox need a dynamic-size model.
/// </summary>
[Config(typeof(ShortInProcessConfig))]
public class YoloBenchmarks
{
    private const int ExportedSize = 416;

    private Mat _frame = null!;
    private PersonDetector _detector = null!;

    [Params(416, 320, 256)]
    public int InputSize { get; set; }

    [Params(false, true)]
    public bool MinimalPadding { get; set; }

    [Params(1, 2)]
    public int IntraOpThreads { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _frame = BenchmarkFrame.Load();
        var shipped = TestPaths.SharedModel("yolox_nano/yolox_nano.onnx");
        var model = InputSize == ExportedSize && !MinimalPadding ? shipped : DeclaredShapes.WithSymbolicHeightAndWidth(shipped);
        _detector = new PersonDetector(PersonDetectorOptions.ForYoloX(model, InputSize) with
        {
            MinimalPadding = MinimalPadding,
            Inference = BenchmarkFrame.Inference(IntraOpThreads),
        });
    }

    [Benchmark]
    public IReadOnlyList<PersonDetection> Detect() => _detector.Detect(_frame);

    [GlobalCleanup]
    public void Cleanup()
    {
        _detector.Dispose();
        _frame.Dispose();
    }
}
