using System.Text.Json;
using FaceActors.TestSupport;

namespace FaceActors.Host.Tests.Cli;

/// <summary>The main job on a clip composed from the example photos: who walks in is known by construction.</summary>
public sealed class RunSpecs : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    private string ComposeClip() => ComposedClips.ObamaWalksIn(_temp.File("clip.avi"));

    [Fact]
    public void A_file_camera_plays_once_and_the_person_walking_in_is_named_in_the_events_and_the_recognition_log()
    {
        var clip = ComposeClip();
        var events = _temp.File("events.jsonl");
        var config = _temp.Write("faceactors.conf", $"faceactors.persistence.connection-string = \"Data Source={_temp.File("faceactors.db")}\"");

        var result = FaceActorsProcess.Run("run", "--camera", $"clip={clip}", "--yolo", TestPaths.SharedModel("yolox_nano/yolox_nano.onnx"),
            "--gallery", TestPaths.SharedData("face_recognition_examples/knn_examples/train"), "--events", events, "--config", config);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("Every camera has ended", result.Stderr);
        var lines = File.ReadAllLines(events).Select(line => JsonDocument.Parse(line).RootElement).ToList();
        var assigned = lines.Where(e => e.GetProperty("type").GetString() == "identity_assigned").ToList();
        Assert.NotEmpty(assigned);
        Assert.All(assigned, e => Assert.Equal("obama", e.GetProperty("identity").GetString()));
        Assert.All(assigned, e => Assert.InRange(e.GetProperty("quality").GetDouble(), 0.01, 1));
        Assert.All(lines, e => Assert.Equal("clip", e.GetProperty("camera").GetString()));
        Assert.Contains(lines, e => e.GetProperty("type").GetString() == "track_started");
        // Obama still stands in the picture when the file ends: his track ends with the camera's frames, as every track does.
        long[] Tracks(string type) => lines.Where(e => e.GetProperty("type").GetString() == type).Select(e => e.GetProperty("track").GetInt64()).Order().ToArray();
        Assert.Equal(Tracks("track_started"), Tracks("track_ended"));

        var logged = FaceActorsProcess.Run("events", "--identity", "obama", "--since", "1h", "--json", "--config", config);
        Assert.True(logged.ExitCode == 0, logged.ToString());
        var recognitions = logged.Json.EnumerateArray().ToList();
        Assert.Equal(assigned.Count, recognitions.Count);
        Assert.All(recognitions, r => Assert.Equal(("clip", "obama"), (r.GetProperty("camera").GetString(), r.GetProperty("identity").GetString())));
        Assert.Equal(assigned.Select(e => e.GetProperty("quality").GetDouble()), recognitions.Select(r => r.GetProperty("quality").GetDouble()));
    }

    [Fact]
    public void With_two_face_detection_workers_the_person_walking_in_is_named()
    {
        var events = _temp.File("events.jsonl");
        var config = _temp.Write("faceactors.conf", $$"""
            faceactors.persistence.connection-string = "Data Source={{_temp.File("faceactors.db")}}"
            faceactors.inference.face-detection-workers = 2
            """);

        var result = FaceActorsProcess.Run("run", "--camera", $"clip={ComposeClip()}", "--yolo", TestPaths.SharedModel("yolox_nano/yolox_nano.onnx"),
            "--gallery", TestPaths.SharedData("face_recognition_examples/knn_examples/train"), "--events", events, "--config", config);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains(File.ReadAllLines(events).Select(line => JsonDocument.Parse(line).RootElement),
            e => e.GetProperty("type").GetString() == "identity_assigned" && e.GetProperty("identity").GetString() == "obama");
        Assert.Contains("face detection: 2 workers", result.Stderr);
    }

    [Fact]
    public void Without_a_yolo_file_the_installed_nanodet_gates_and_the_events_carry_its_person_count()
    {
        var events = _temp.File("events.jsonl");
        var config = _temp.Write("faceactors.conf", $"faceactors.persistence.connection-string = \"Data Source={_temp.File("faceactors.db")}\"");

        var result = FaceActorsProcess.Run("run", "--camera", $"clip={ComposeClip()}",
            "--gallery", TestPaths.SharedData("face_recognition_examples/knn_examples/train"), "--events", events, "--config", config);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("Person detector: NanoDet (nanodet.onnx)", result.Stderr);
        var lines = File.ReadAllLines(events).Select(line => JsonDocument.Parse(line).RootElement).ToList();
        Assert.Contains(lines, e => e.GetProperty("type").GetString() == "identity_assigned" && e.GetProperty("identity").GetString() == "obama");
        var started = lines.First(e => e.GetProperty("type").GetString() == "track_started");
        Assert.Equal(1, started.GetProperty("persons").GetInt32());
    }

    [Theory]
    [InlineData(1.0, true)]
    [InlineData(0.0, false)]
    public void With_liveness_on_a_face_below_the_threshold_is_reported_as_a_spoof_and_not_named(double threshold, bool suspected)
    {
        var events = _temp.File("events.jsonl");
        var config = _temp.Write("liveness.conf", $$"""
            faceactors.persistence.connection-string = "Data Source={{_temp.File("faceactors.db")}}"
            faceactors.liveness { enabled = on, threshold = {{threshold.ToString(System.Globalization.CultureInfo.InvariantCulture)}} }
            """);

        var result = FaceActorsProcess.Run("run", "--camera", $"clip={ComposeClip()}", "--yolo", TestPaths.SharedModel("yolox_nano/yolox_nano.onnx"),
            "--gallery", TestPaths.SharedData("face_recognition_examples/knn_examples/train"), "--events", events, "--config", config);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("Liveness: AntiSpoof128", result.Stderr);
        var types = File.ReadAllLines(events).Select(line => JsonDocument.Parse(line).RootElement.GetProperty("type").GetString()).ToList();
        // Every face scores below 1 and none below 0: the whole clip is suspected, or none of it.
        Assert.Equal(suspected, types.Contains("spoof_suspected"));
        Assert.Equal(!suspected, types.Contains("identity_assigned"));
    }

    [Fact]
    public void Without_a_gallery_folder_the_persistent_gallery_names_the_person()
    {
        using var home = Gallery.GalleryHome.Sqlite();
        var config = home.Config();
        var enrolled = FaceActorsProcess.Run("enroll", "--folder", TestPaths.SharedData("face_recognition_examples/knn_examples/train"), "--config", config);
        Assert.True(enrolled.ExitCode == 0, enrolled.ToString());
        var events = _temp.File("events.jsonl");

        var result = FaceActorsProcess.Run("run", "--camera", $"clip={ComposeClip()}", "--yolo", TestPaths.SharedModel("yolox_nano/yolox_nano.onnx"),
            "--events", events, "--config", config);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("Gallery: 5 identities (persistent gallery)", result.Stderr);
        var assigned = File.ReadAllLines(events).Select(line => JsonDocument.Parse(line).RootElement)
            .Where(e => e.GetProperty("type").GetString() == "identity_assigned").ToList();
        Assert.NotEmpty(assigned);
        Assert.All(assigned, e => Assert.Equal("obama", e.GetProperty("identity").GetString()));
        Assert.All(assigned, e => Assert.InRange(e.GetProperty("quality").GetDouble(), 0.01, 1));
    }

    [Fact]
    public void With_an_empty_persistent_gallery_the_configured_folder_gallery_is_used_as_on_a_fresh_machine()
    {
        using var home = Gallery.GalleryHome.Sqlite();
        var train = TestPaths.SharedData("face_recognition_examples/knn_examples/train");
        var events = _temp.File("events.jsonl");

        var result = FaceActorsProcess.Run("run", "--camera", $"clip={ComposeClip()}", "--yolo", TestPaths.SharedModel("yolox_nano/yolox_nano.onnx"),
            "--events", events, "--config", home.Config($"faceactors.gallery.folder = \"{train}\""));

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains($"Gallery: 5 identities (folder {train})", result.Stderr);
        Assert.Contains(File.ReadAllLines(events), line => line.Contains("\"identity_assigned\"") && line.Contains("\"obama\""));
    }

    [Fact]
    public void Identities_enrolled_with_another_embedder_are_named_in_a_warning_at_start_up()
    {
        using var home = Gallery.GalleryHome.Sqlite();
        var otherModel = _temp.File("other-embedder.onnx");
        File.Copy(TestPaths.InstalledModel("mobilefacenet.onnx"), otherModel);
        var enrolled = FaceActorsProcess.Run("enroll", "--name", "obama", TestPaths.SharedData("face_recognition_examples/knn_examples/train/obama/obama.jpg"),
            "--config", home.Config($"faceactors.embedder.model = \"{otherModel}\""));
        Assert.True(enrolled.ExitCode == 0, enrolled.ToString());

        var result = FaceActorsProcess.Run("run", "--camera", $"clip={ComposeClip()}", "--events", _temp.File("events.jsonl"), "--config", home.Config());

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("1 identity was enrolled with another embedder and will not be recognised: obama", result.Stderr);
        Assert.Contains("gallery reembed", result.Stderr);
    }

    [Fact]
    public void A_camera_given_as_NAME_without_a_url_is_refused_with_the_form_expected()
    {
        var result = FaceActorsProcess.Run("run", "--camera", "door");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("NAME=URL", result.Stderr);
    }
}
