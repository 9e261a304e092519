using BenchmarkDotNet.Attributes;
using FaceActors.Recognition.Matching;
using FaceActors.Recognition.Siamese;

namespace FaceActors.Benchmarks.Stages;

public enum MatcherUnderTest { Cosine, Siamese }

/// <summary>
/// Naming one face against galleries of 100, 1,000 and 10,000 identities (one 192-d reference each, the
/// MobileFaceNet size): cosine alone, and the Siamese matcher (cosine top-10, then one batched head call of
/// 10 rows). The references are random unit vectors and the face a noisy copy of one of them; the cost does
/// not depend on what the vectors hold. The head has the trained shape (192-d, 32 hidden units) with random
/// weights, written to ONNX with the project's exporter and run by ONNX Runtime on one thread.
/// </summary>
[Config(typeof(ShortInProcessConfig))]
public class MatchingBenchmarks
{
    private const int Dimension = 192;
    private const int TopK = 10;

    private IFaceMatcher _matcher = null!;
    private OnnxSiameseHead? _head;
    private string? _headPath;
    private float[] _face = [];

    [Params(100, 1_000, 10_000)]
    public int Identities { get; set; }

    [Params(MatcherUnderTest.Cosine, MatcherUnderTest.Siamese)]
    public MatcherUnderTest Matcher { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(42);
        var references = Enumerable.Range(0, Identities)
            .Select(i => new ReferenceEmbedding($"person{i}", UnitGaussian(random), $"person{i}.jpg")).ToList();
        var gallery = new FolderGallery(references, []);
        var noise = UnitGaussian(random);
        _face = Unit(references[Identities / 2].Embedding.Select((x, i) => x + 0.5f * noise[i]).ToArray());

        if (Matcher == MatcherUnderTest.Cosine)
        {
            _matcher = new CosineMatcher(gallery, 0.48f);
            return;
        }
        var hidden = new SiameseTrainingOptions().Hidden;
        var head = new SiameseHead(Dimension, hidden, Values(random, hidden * 2 * Dimension, 0.1f), Values(random, hidden, 0.1f), Values(random, hidden + 1, 0.1f), 0);
        _headPath = Path.Combine(Path.GetTempPath(), $"faceactors-bench-head-{Environment.ProcessId}.onnx");
        File.WriteAllBytes(_headPath, SiameseHeadOnnx.Export(head));
        _head = new OnnxSiameseHead(_headPath, BenchmarkFrame.Inference(1));
        _matcher = new SiameseMatcher(gallery, _head, 0.5f, TopK);
    }

    [Benchmark]
    public FaceMatch MatchOneFace() => _matcher.Match(_face);

    [GlobalCleanup]
    public void Cleanup()
    {
        _head?.Dispose();
        if (_headPath is not null) File.Delete(_headPath);
    }

    private static float[] UnitGaussian(Random random) =>
        Unit(Enumerable.Range(0, Dimension).Select(_ => (float)(Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble()))).ToArray());

    private static float[] Unit(float[] v)
    {
        var norm = MathF.Sqrt(v.Sum(x => x * x));
        return v.Select(x => x / norm).ToArray();
    }

    private static float[] Values(Random random, int count, float scale) =>
        Enumerable.Range(0, count).Select(_ => (float)(random.NextDouble() * 2 - 1) * scale).ToArray();
}
