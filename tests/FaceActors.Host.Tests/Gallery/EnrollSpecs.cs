using FaceActors.TestSupport;
using OpenCvSharp;

namespace FaceActors.Host.Tests.Gallery;

/// <summary>`enroll` and `gallery` as a user runs them, on a SQLite gallery of their own (the store specs cover PostgreSQL).</summary>
public sealed class EnrollSpecs : IDisposable
{
    private static readonly string Train = TestPaths.SharedData("face_recognition_examples/knn_examples/train");
    private static readonly string Obama = Path.Combine(Train, "obama", "obama.jpg");
    private static readonly string Obama2 = Path.Combine(Train, "obama", "obama2.jpg");
    private readonly GalleryHome _home = GalleryHome.Sqlite();

    public void Dispose() => _home.Dispose();

    private static void AssertUserError(ProcessResult result, params string[] phrases)
    {
        Assert.True(result.ExitCode == 2, result.ToString());
        foreach (var phrase in phrases) Assert.Contains(phrase, result.Stderr);
        Assert.DoesNotContain("   at ", result.Stderr);
    }

    private string Derived(string name, Action<Mat, Mat> change)
    {
        using var photo = Cv2.ImRead(Obama);
        using var output = new Mat();
        change(photo, output);
        var path = Path.Combine(_home.Folder, name);
        Cv2.ImWrite(path, output);
        return path;
    }

    [Fact]
    public void A_folder_per_identity_is_enrolled_one_acknowledged_identity_at_a_time()
    {
        var result = _home.Run("enroll", "--folder", Train);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(["alex_lacamoire", "biden", "kit_harington", "obama", "rose_leslie"],
            result.Stdout.Split('\n').Where(l => l.StartsWith("enrolled ")).Select(l => l.Split(' ')[1]));
        Assert.Contains(("obama", 2, false), _home.List());
        Assert.Equal(5, _home.List().Count);
    }

    [Fact]
    public void Photos_that_fail_the_quality_gate_are_listed_with_their_reason_and_the_rest_are_enrolled()
    {
        var group = TestPaths.SharedData("face_recognition_examples/knn_examples/test/obama_and_biden.jpg");
        var blurred = Derived("blurred.jpg", (photo, output) => Cv2.GaussianBlur(photo, output, new Size(0, 0), 4));
        var blank = Derived("blank.png", (photo, output) => new Mat(photo.Size(), MatType.CV_8UC3, Scalar.All(128)).CopyTo(output));

        var result = _home.Run("enroll", "--name", "obama", Obama, group, blurred, blank);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("rejected " + group + ": 3 faces found", result.Stdout);
        Assert.Contains("rejected " + blurred + ": the face is blurred", result.Stdout);
        Assert.Contains("rejected " + blank + ": no face found", result.Stdout);
        Assert.Contains("enrolled obama (1 sample(s))", result.Stdout);
        Assert.Equal([("obama", 1, false)], _home.List());
    }

    [Fact]
    public void A_face_below_the_configured_size_is_rejected_and_nothing_is_enrolled()
    {
        var result = FaceActorsProcess.Run("enroll", "--name", "obama", Obama, "--config", _home.Config("faceactors.gallery.min-face-size = 1500"));

        AssertUserError(result, "No photo was added");
        Assert.Contains("smaller than faceactors.gallery.min-face-size (1500 px)", result.Stdout);
        Assert.Empty(_home.List());
    }

    [Fact]
    public void Adding_a_near_duplicate_photo_skips_it_and_a_new_photo_is_added()
    {
        Assert.Equal(0, _home.Run("enroll", "--name", "obama", Obama).ExitCode);
        // The same picture saved again (JPEG re-encoded as PNG): another file, the same face.
        var again = Derived("obama-again.png", (photo, output) => photo.CopyTo(output));

        var result = _home.Run("enroll", "--name", "obama", "--add", again, Obama2);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("added 1 sample(s) to obama; skipped near-duplicates: obama-again.png", result.Stdout);
        Assert.Equal([("obama", 2, false)], _home.List());
    }

    [Fact]
    public void A_name_already_taken_without_add_is_refused_and_changes_nothing()
    {
        Assert.Equal(0, _home.Run("enroll", "--name", "obama", Obama).ExitCode);

        AssertUserError(_home.Run("enroll", "--name", "Obama", Obama2), "Already enrolled: obama", "--add");
        AssertUserError(_home.Run("enroll", "--folder", Train), "Already enrolled: obama", "nothing was enrolled");

        Assert.Equal([("obama", 1, false)], _home.List());
    }

    [Fact]
    public void A_file_that_is_not_an_image_stops_the_enrolment_before_anything_is_written()
    {
        var text = Path.Combine(_home.Folder, "notes.jpg");
        File.WriteAllText(text, "not a photo");

        AssertUserError(_home.Run("enroll", "--name", "obama", Obama, text), "Nothing was enrolled", "notes.jpg", "Could not decode");

        Assert.Empty(_home.List());
    }

    [Fact]
    public void A_zero_byte_image_a_missing_image_and_an_empty_folder_are_refused()
    {
        var empty = Path.Combine(_home.Folder, "empty.png");
        File.WriteAllBytes(empty, []);
        var folder = Directory.CreateDirectory(Path.Combine(_home.Folder, "people", "nobody")).Parent!.FullName;

        AssertUserError(_home.Run("enroll", "--name", "obama", empty), "Nothing was enrolled", "empty.png");
        AssertUserError(_home.Run("enroll", "--name", "obama", Path.Combine(_home.Folder, "absent.jpg")), "absent.jpg", "does not exist");
        AssertUserError(_home.Run("enroll", "--folder", folder), "holds no images", "NAME/photo.jpg");
        AssertUserError(_home.Run("enroll", "--name", "obama"), "needs at least one photo");
        AssertUserError(_home.Run("enroll", Obama), "either --name NAME with photos, or --folder DIR");

        Assert.Empty(_home.List());
    }

    [Theory]
    [InlineData("faceactors.persistence.provider = mysql", "faceactors.persistence.provider", "sqlite, postgresql")]
    [InlineData("faceactors.persistence.connection-string = \"Data Sorce=x.db\"", "faceactors.persistence.connection-string", "not supported")]
    [InlineData("faceactors.gallery.min-detector-score = 2", "faceactors.gallery.min-detector-score", "0..1")]
    public void A_wrong_gallery_or_persistence_key_is_refused_naming_the_key(string keys, string key, string expected)
    {
        var result = FaceActorsProcess.Run("gallery", "list", "--config", _home.Config(keys));

        AssertUserError(result, key, expected);
    }

    [Fact]
    public void Rename_and_erase_change_the_listing_and_an_unknown_name_is_refused()
    {
        Assert.Equal(0, _home.Run("enroll", "--name", "obama", Obama).ExitCode);
        Assert.Equal(0, _home.Run("enroll", "--name", "biden", Path.Combine(Train, "biden", "biden.jpg")).ExitCode);

        Assert.Contains("renamed obama to barack obama", _home.Run("gallery", "rename", "obama", "barack obama").Stdout);
        AssertUserError(_home.Run("gallery", "rename", "biden", "Barack Obama"), "already enrolled");
        Assert.Contains("erased biden", _home.Run("gallery", "erase", "biden").Stdout);
        AssertUserError(_home.Run("gallery", "erase", "biden"), "'biden' is not enrolled");

        Assert.Equal([("barack obama", 1, false)], _home.List());
    }

    [Fact]
    public void After_a_change_of_embedder_kept_photos_are_reembedded_and_the_others_are_named_for_reenrolment()
    {
        // Another embedder file: the same network under another name is, to the gallery, another embedder.
        var otherModel = Path.Combine(_home.Folder, "other-embedder.onnx");
        File.Copy(TestPaths.InstalledModel("mobilefacenet.onnx"), otherModel);
        var before = $"faceactors.embedder.model = \"{otherModel}\"";
        Assert.Equal(0, FaceActorsProcess.Run("enroll", "--name", "obama", Obama, "--config", _home.Config(before + "\nfaceactors.gallery.keep-images = on")).ExitCode);
        Assert.Equal(0, FaceActorsProcess.Run("enroll", "--name", "biden", Path.Combine(Train, "biden", "biden.jpg"), "--config", _home.Config(before)).ExitCode);

        var listed = FaceActorsProcess.Run("gallery", "list", "--config", _home.Config());
        Assert.Contains("2 identities were enrolled with another embedder and will not be recognised: biden, obama", listed.Stderr);
        Assert.Equal([("biden", 1, true), ("obama", 1, true)], _home.List());

        var reembed = _home.Run("gallery", "reembed");

        Assert.True(reembed.ExitCode == 0, reembed.ToString());
        Assert.Contains("re-embedded 1 sample(s) of obama", reembed.Stdout);
        Assert.Contains("needs re-enrolment biden: biden.jpg (no photo was kept)", reembed.Stdout);
        Assert.Equal([("biden", 1, true), ("obama", 1, false)], _home.List());
    }
}
