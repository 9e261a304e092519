using BenchmarkDotNet.Attributes;
using FaceActors.Vision.BlazeFace;
using FaceActors.Vision.Detection;
using OpenCvSharp;

namespace FaceActors.Benchmarks.Stages;

/// <summary>One BlazeFace detection on the 640x480 frame, end to end (resize, tensor, model, anchors, weighted NMS).</summary>
[Config(typeof(ShortInProcessConfig))]
public class BlazeFaceBenchmarks
{
    private Mat _frame = null!;
    private BlazeFaceDetector _detector = null!;

    [Params(BlazeFaceModel.Front128, BlazeFaceModel.Back256)]
    public BlazeFaceModel Model { get; set; }

    [Params(1, 2)]
    public int IntraOpThreads { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _frame = BenchmarkFrame.Load();
        // ModelPath left null: the installed file for Model, found the way the application finds it.
        _detector = new BlazeFaceDetector(new BlazeFaceOptions { Model = Model, Inference = BenchmarkFrame.Inference(IntraOpThreads) });
    }

    [Benchmark]
    public IReadOnlyList<FaceDetection> Detect() => _detector.Detect(_frame);

    [GlobalCleanup]
    public void Cleanup()
    {
        _detector.Dispose();
        _frame.Dispose();
    }
}
