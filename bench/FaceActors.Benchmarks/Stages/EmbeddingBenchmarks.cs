using BenchmarkDotNet.Attributes;
using FaceActors.TestSupport;
using FaceActors.Vision.Alignment;
using FaceActors.Vision.Embedding;
using FaceActors.Vision.Inference;
using OpenCvSharp;

namespace FaceActors.Benchmarks.Stages;

/// <summary>
/// MobileFaceNet on faces aligned from the 640x480 frame: one face per call, and four in one batched call.
/// The batch reports time per face (OperationsPerInvoke), so the two rows compare directly.
/// </summary>
[Config(typeof(ShortInProcessConfig))]
public class EmbeddingBenchmarks
{
    private const int BatchSize = 4;

    private OnnxFaceEmbedder _embedder = null!;
    private Mat[] _faces = [];
    private Mat[] _batch = [];

    [Params(1, 2)]
    public int IntraOpThreads { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var description = EmbedderDescription.MobileFaceNet(TestPaths.InstalledModel(DefaultModels.MobileFaceNet))
            with { Inference = BenchmarkFrame.Inference(IntraOpThreads) };
        _embedder = new OnnxFaceEmbedder(description);
        using var frame = BenchmarkFrame.Load();
        var aligner = new FaceAligner(_embedder.InputSize.Width, _embedder.InputSize.Height);
        _faces = BenchmarkFrame.Faces(frame).Select(face => aligner.Align(frame, face)).ToArray();
        // The frame has two faces; the batch repeats them, which costs the model the same as four different ones.
        _batch = Enumerable.Range(0, BatchSize).Select(i => _faces[i % _faces.Length]).ToArray();
    }

    [Benchmark(Baseline = true)]
    public float[] OneFace() => _embedder.Embed(_faces[0]);

    [Benchmark(OperationsPerInvoke = BatchSize)]
    public IReadOnlyList<float[]> BatchOfFourPerFace() => _embedder.Embed(_batch);

    [GlobalCleanup]
    public void Cleanup()
    {
        _embedder.Dispose();
        foreach (var face in _faces) face.Dispose();
    }
}
