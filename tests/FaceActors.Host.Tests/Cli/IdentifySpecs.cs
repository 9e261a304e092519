using FaceActors.TestSupport;

namespace FaceActors.Host.Tests.Cli;

/// <summary>In-the-wild photos against the small knn_examples gallery (5 people, 1-2 photos each).</summary>
public sealed class IdentifySpecs : IDisposable
{
    private static readonly string Examples = TestPaths.SharedData("face_recognition_examples/knn_examples");
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    private static ProcessResult Identify(string photo, string gallery) =>
        FaceActorsProcess.Run("identify", photo, "--gallery", gallery, "--json");

    private static List<string> Names(ProcessResult result) =>
        result.Json.GetProperty("faces").EnumerateArray().Select(f => f.GetProperty("identity").GetString()!).Order().ToList();

    [Theory]
    [InlineData("alex_lacamoire1.jpg", new[] { "alex_lacamoire" })]
    [InlineData("johnsnow_test1.jpg", new[] { "kit_harington" })]
    [InlineData("kit_with_rose.jpg", new[] { "kit_harington", "rose_leslie" })]
    [InlineData("obama1.jpg", new[] { "obama" })]
    // The child at the bottom right is not enrolled.
    [InlineData("obama_and_biden.jpg", new[] { "biden", "obama", "unknown" })]
    public void Every_face_of_a_test_photo_gets_its_name_or_unknown(string photo, string[] expected)
    {
        var result = Identify(Path.Combine(Examples, "test", photo), Path.Combine(Examples, "train"));

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(expected, Names(result));
    }

    [Fact]
    public void A_person_who_is_not_enrolled_is_unknown_and_the_nearest_identity_is_reported()
    {
        var gallery = CopyGallery(except: "obama");

        var result = Identify(Path.Combine(Examples, "test", "obama1.jpg"), gallery);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(["unknown"], Names(result));
        Assert.True(result.Json.GetProperty("faces")[0].GetProperty("similarity").GetSingle() < result.Json.GetProperty("threshold").GetSingle());
    }

    [Fact]
    public void A_gallery_photo_without_a_face_is_listed_as_skipped_and_the_rest_still_work()
    {
        var gallery = CopyGallery(except: null);
        File.Copy(TestPaths.SharedData("face_recognition_examples/LICENSE"), Path.Combine(gallery, "obama", "notes.jpg"));
        OpenCvSharp.Cv2.ImWrite(Path.Combine(gallery, "obama", "blank.png"), new OpenCvSharp.Mat(200, 200, OpenCvSharp.MatType.CV_8UC3, OpenCvSharp.Scalar.All(90)));

        var result = Identify(Path.Combine(Examples, "test", "obama1.jpg"), gallery);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(["obama"], Names(result));
        var rejected = result.Json.GetProperty("gallery").GetProperty("rejected").EnumerateArray()
            .ToDictionary(r => Path.GetFileName(r.GetProperty("path").GetString()!), r => r.GetProperty("reason").GetString()!);
        Assert.Contains("No face was found", rejected["blank.png"]);
        Assert.Contains("Could not decode", rejected["notes.jpg"]);
    }

    private string CopyGallery(string? except)
    {
        var gallery = Path.Combine(_temp.Path, "gallery");
        foreach (var person in Directory.GetDirectories(Path.Combine(Examples, "train")).Where(d => Path.GetFileName(d) != except))
        {
            var target = Directory.CreateDirectory(Path.Combine(gallery, Path.GetFileName(person))).FullName;
            foreach (var photo in Directory.GetFiles(person)) File.Copy(photo, Path.Combine(target, Path.GetFileName(photo)));
        }
        return gallery;
    }
}
