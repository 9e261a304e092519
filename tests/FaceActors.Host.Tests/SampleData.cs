using FaceActors.TestSupport;

namespace FaceActors.Host.Tests;

/// <summary>The sample the set-up builds (`./faceactors setup`, which ./test.sh runs): grace_hopper walking in, and her gallery.</summary>
public static class SampleData
{
    public static string Clip => Require(Path.Combine(TestPaths.RepositoryRoot, "data", "samples", "sample-clip.avi"));

    public static string Gallery => Require(Path.Combine(TestPaths.RepositoryRoot, "data", "samples", "gallery"));

    public const string Identity = "grace_hopper";

    private static string Require(string path) =>
        File.Exists(path) || Directory.Exists(path)
            ? path
            : throw new InvalidOperationException($"The sample {path} is missing; `./faceactors setup` builds it (./test.sh runs it).");
}
