using System.Text.Json;

namespace FaceActors.Models.Installation;

/// <summary>Where an installed model came from, written beside it in models/manifest.json.</summary>
public sealed record InstalledModel(
    string File,
    string Sha256,
    string SourcePackage,
    string SourceVersion,
    string SourceTarballSha256,
    string SourceFile,
    ModelFormat SourceFormat,
    string License,
    string LicenseText,
    DateTimeOffset InstalledAt);

/// <summary>The generated models/manifest.json: one entry per installed model file.</summary>
public sealed record ModelManifest(string Converter, IReadOnlyList<InstalledModel> Models)
{
    public const string FileName = "manifest.json";

    /// <summary>The manifest in <paramref name="modelsDirectory"/>, or null when there is none or it cannot be read (then everything is reinstalled).</summary>
    public static ModelManifest? TryLoad(string modelsDirectory)
    {
        var path = Path.Combine(modelsDirectory, FileName);
        if (!File.Exists(path)) return null;
        try
        {
            return JsonSerializer.Deserialize<ModelManifest>(File.ReadAllText(path), ModelLock.Json);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    public void Save(string modelsDirectory) =>
        AtomicFile.Write(Path.Combine(modelsDirectory, FileName), JsonSerializer.SerializeToUtf8Bytes(this, ModelLock.Json));
}
