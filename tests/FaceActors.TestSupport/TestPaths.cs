using FaceActors.Vision.Inference;

namespace FaceActors.TestSupport;

/// <summary>
/// Where tests find the repository, the shared datasets and reference models (../shared beside the
/// checkout, never copied into it), and the installed models. A missing file fails the test with a
/// message that says how to provide it.
/// </summary>
public static class TestPaths
{
    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    /// <summary>The shared folder: FACEACTORS_SHARED if set, else ../shared beside the checkout.</summary>
    public static string SharedRoot { get; } =
        Environment.GetEnvironmentVariable("FACEACTORS_SHARED") is { Length: > 0 } shared
            ? Path.GetFullPath(shared)
            : Path.GetFullPath(Path.Combine(RepositoryRoot, "..", "shared"));

    public static string ModelsDirectory { get; } = Path.Combine(RepositoryRoot, "models");

    /// <summary>A file or folder under ../shared/data.</summary>
    public static string SharedData(string relative) => RequireShared(Path.Combine(SharedRoot, "data", relative));

    /// <summary>A file under ../shared/models (reference models for tests only).</summary>
    public static string SharedModel(string relative) => RequireShared(Path.Combine(SharedRoot, "models", relative));

    /// <summary>A model installed by `./faceactors models install`.</summary>
    public static string InstalledModel(string fileName)
    {
        var path = Path.Combine(ModelsDirectory, fileName);
        if (!File.Exists(path))
            throw new InvalidOperationException(
                $"The installed model '{path}' is missing. Run `./faceactors models install` (CI's .ci/run does) before the tests.");
        return path;
    }

    private static string RequireShared(string path)
    {
        if (File.Exists(path) || Directory.Exists(path)) return path;
        var where = Environment.GetEnvironmentVariable("CI") == "true" ? "CI needs" : "This test needs";
        throw new InvalidOperationException(
            $"{where} the shared test file '{path}', which is missing. Tests read datasets and reference models from ../shared " +
            "beside the checkout (or FACEACTORS_SHARED); they are never copied into the repository.");
    }

    private static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "FaceActors.sln"))) return dir.FullName;
        throw new InvalidOperationException($"Tests must run inside the FaceActors checkout; no FaceActors.sln above {AppContext.BaseDirectory}.");
    }
}
