using BenchmarkDotNet.Attributes;
using FaceActors.Vision.Alignment;
using FaceActors.Vision.Detection;
using OpenCvSharp;

namespace FaceActors.Benchmarks.Stages;

/// <summary>
/// Aligning one MTCNN face of the 640x480 frame to 112x112 (similarity fit to the landmarks, then warp),
/// into a reused Mat as the pipeline does. No ONNX session, so no thread parameter.
/// </summary>
[Config(typeof(ShortInProcessConfig))]
public class AlignmentBenchmarks
{
    private readonly FaceAligner _aligner = new();
    private readonly Mat _aligned = new();
    private Mat _frame = null!;
    private FaceDetection _face = null!;

    [GlobalSetup]
    public void Setup()
    {
        _frame = BenchmarkFrame.Load();
        _face = BenchmarkFrame.Faces(_frame)[0];
    }

    [Benchmark]
    public Mat AlignOneFace()
    {
        _aligner.Align(_frame, _face, _aligned);
        return _aligned;
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _aligned.Dispose();
        _frame.Dispose();
    }
}
