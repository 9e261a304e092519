using System.Security.Cryptography;
using FaceActors.Gallery.Model;
using FaceActors.Configuration;
using FaceActors.Models.Installation;

namespace FaceActors.Node.Components;

/// <summary>
/// Which embedder the configuration names, as stored with every gallery sample: the model file's name and its
/// sha256. The hash comes from models/manifest.json when the installer wrote the file, else from the file
/// itself (a model the user brought). A model replaced under the same name gets a new hash, so its
/// embeddings are never compared with the old model's.
/// </summary>
public static class EmbedderIdentity
{
    public static EmbedderId Of(VisionSettings settings)
    {
        var path = settings.Embedder.ModelPath;
        var name = Path.GetFileName(path);
        var installed = ModelManifest.TryLoad(settings.ModelsDirectory)?.Models.FirstOrDefault(m => m.File == name);
        if (installed is not null && Path.GetFullPath(Path.Combine(settings.ModelsDirectory, installed.File)) == Path.GetFullPath(path))
            return new EmbedderId(name, installed.Sha256);
        if (!File.Exists(path))
            throw new FileNotFoundException($"The embedder model '{path}' does not exist. Run `./faceactors models install` or fix faceactors.embedder.model.", path);
        using var file = File.OpenRead(path);
        return new EmbedderId(name, Convert.ToHexStringLower(SHA256.HashData(file)));
    }

    /// <summary>The warning `run` and `gallery list` give: these identities are invisible to the matcher.</summary>
    public static void WarnStale(IReadOnlyList<string> names)
    {
        if (names.Count == 0) return;
        Console.Error.WriteLine($"warning: {names.Count} identit{(names.Count == 1 ? "y was" : "ies were")} enrolled with another embedder and will not be recognised: " +
                                $"{string.Join(", ", names)}. Run `./faceactors gallery reembed` (needs faceactors.gallery.keep-images = on at enrolment) or enrol them again.");
    }
}
