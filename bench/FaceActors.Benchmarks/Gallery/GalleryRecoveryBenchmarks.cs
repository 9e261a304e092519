using BenchmarkDotNet.Attributes;
using FaceActors.Gallery;
using FaceActors.Gallery.Actors;
using FaceActors.Gallery.Model;
using FaceActors.Storage;
using FaceActors.Testbed.Databases;

namespace FaceActors.Benchmarks.Gallery;

/// <summary>
/// How long a restarted program waits for a 10,000-identity gallery: a new actor system, the gallery actor's
/// recovery (the newest snapshot plus the events after it) and the view the matcher reads, built. The store is
/// filled once in set-up through the gallery actor, one enrolment at a time as `enroll` does, with one synthetic
/// 128-d unit embedding per identity and snapshots every 200 events (the shipped default).
/// </summary>
[Config(typeof(ShortInProcessConfig))]
public class GalleryRecoveryBenchmarks
{
    private const int Identities = 10_000;
    private static readonly GalleryOptions Options = new(DuplicateSimilarity: 0.97f, SnapshotEvery: 200);
    private static readonly EmbedderId Embedder = new("synthetic-128.onnx", new string('0', 64));

    private PostgreSqlServer? _server;
    private string? _folder;
    private SqlDatabase _store = null!;

    [Params(SqlProvider.Sqlite, SqlProvider.PostgreSql)]
    public SqlProvider Store { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        if (Store == SqlProvider.Sqlite)
        {
            _folder = Directory.CreateTempSubdirectory("faceactors-bench-gallery-").FullName;
            _store = SqlDatabase.Sqlite(_folder, "Data Source=faceactors.db");
        }
        else
        {
            _server = new PostgreSqlServer();
            _store = SqlDatabase.PostgreSql(_server.CreateDatabase());
        }
        Fill().GetAwaiter().GetResult();
    }

    private async Task Fill()
    {
        var random = new Random(1);
        var started = DateTime.UtcNow;
        await using var gallery = await PersistentGallery.OpenAsync(_store, Options, Embedder);
        for (var i = 0; i < Identities; i++)
        {
            var sample = new GallerySample(Guid.NewGuid(), UnitVector(random), Embedder, DateTimeOffset.UtcNow, new SampleQuality(0.99f, 120, 500), $"person{i:D5}.jpg", null);
            await gallery.EnrollAsync($"person{i:D5}", [sample], addToExisting: false);
        }
        Console.WriteLine($"// filled {Identities} identities into {Store} in {(DateTime.UtcNow - started).TotalSeconds:F1} s");
    }

    private static float[] UnitVector(Random random)
    {
        var v = new float[128];
        for (var i = 0; i < v.Length; i++) v[i] = (float)(random.NextDouble() * 2 - 1);
        System.Numerics.Tensors.TensorPrimitives.Divide(v, System.Numerics.Tensors.TensorPrimitives.Norm(v), v);
        return v;
    }

    [Benchmark]
    public int RecoverTenThousandIdentities() => Recover().GetAwaiter().GetResult();

    private async Task<int> Recover()
    {
        await using var gallery = await PersistentGallery.OpenAsync(_store, Options, Embedder);
        var references = gallery.View.References.Count;
        return references == Identities ? references : throw new InvalidOperationException($"Recovered {references} of {Identities} identities.");
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _server?.Dispose();
        if (_folder is not null) Directory.Delete(_folder, recursive: true);
    }
}
