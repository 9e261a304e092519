using FaceActors.Recognition.Evaluation;
using OpenCvSharp;

namespace FaceActors.Recognition.Tests.Evaluation;

public sealed class FolderDatasetSpec : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("faceactors-dataset-").FullName;

    [Fact]
    public void Images_are_found_by_extension_per_identity_folder_and_broken_ones_are_listed_apart()
    {
        WriteImage("alice/1.png", 10);
        WriteImage("alice/2.PGM", 20, grey: true);
        WriteImage("bob/a.jpg", 30);
        File.WriteAllText(Path.Combine(_root, "bob", "broken.jpg"), "not a jpeg");
        File.WriteAllText(Path.Combine(_root, "bob", "notes.txt"), "ignored");

        var dataset = FolderDataset.Open(_root);
        var read = dataset.Read((image, bgr) => (bgr.Channels(), bgr.At<Vec3b>(0, 0).Item0));

        Assert.Equal(["alice", "bob"], dataset.Identities);
        Assert.Equal(4, dataset.Images.Count);
        Assert.Equal([("alice", 10), ("alice", 20), ("bob", 30)], read.Items.Select(i => (i.Image.Identity, (int)i.Value.Item2)));
        Assert.All(read.Items, i => Assert.Equal(3, i.Value.Item1)); // grey PGM comes back as BGR
        var unreadable = Assert.Single(read.Unreadable);
        Assert.EndsWith("broken.jpg", unreadable.Path);
    }

    [Fact]
    public void A_missing_folder_is_an_error_naming_it()
    {
        var error = Assert.Throws<DirectoryNotFoundException>(() => FolderDataset.Open(Path.Combine(_root, "missing")));
        Assert.Contains("missing", error.Message);
    }

    private void WriteImage(string relative, byte value, bool grey = false)
    {
        var path = Path.Combine(_root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        // JPEG is lossy; a flat image survives it exactly enough for the value check.
        using var image = new Mat(8, 8, grey ? MatType.CV_8UC1 : MatType.CV_8UC3, Scalar.All(value));
        Cv2.ImWrite(path, image);
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);
}
