using FaceActors.TestSupport;
using OpenCvSharp;

namespace FaceActors.Host.Tests.Cli;

public sealed class DetectSpecs : IDisposable
{
    private static readonly string TwoPeople = TestPaths.SharedData("face_recognition_examples/two_people.jpg");
    private static readonly string YoloxNano = TestPaths.SharedModel("yolox_nano/yolox_nano.onnx");
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Two_people_give_two_faces_each_inside_its_own_person_box()
    {
        var result = FaceActorsProcess.Run("detect", TwoPeople, "--yolo", YoloxNano, "--json");

        Assert.True(result.ExitCode == 0, result.ToString());
        var faces = result.Json.GetProperty("faces").EnumerateArray().ToList();
        Assert.Equal(2, faces.Count);
        Assert.Equal(2, result.Json.GetProperty("persons").GetArrayLength());
        Assert.All(faces, face => Assert.Equal(5, face.GetProperty("landmarks").GetArrayLength()));
        Assert.Equal([0, 1], faces.Select(f => f.GetProperty("person").GetInt32()).Order());
    }

    [Fact]
    public void BlazeFace_is_chosen_in_the_configuration_and_gives_six_keypoints()
    {
        var config = _temp.Write("blazeface.conf", "faceactors.detector.kind = blazeface\nfaceactors.detector.blazeface.model = back");

        var result = FaceActorsProcess.Run("detect", TwoPeople, "--config", config, "--json");

        Assert.True(result.ExitCode == 0, result.ToString());
        var faces = result.Json.GetProperty("faces").EnumerateArray().ToList();
        Assert.Equal(2, faces.Count);
        Assert.All(faces, face => Assert.Equal(6, face.GetProperty("landmarks").GetArrayLength()));
    }

    [Fact]
    public void The_annotated_copy_has_the_size_of_the_photo()
    {
        var annotated = _temp.File("annotated.png");

        var result = FaceActorsProcess.Run("detect", TwoPeople, "--out", annotated);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("2 face(s)", result.Stdout);
        using var original = Cv2.ImRead(TwoPeople);
        using var drawn = Cv2.ImRead(annotated);
        Assert.Equal(original.Size(), drawn.Size());
    }

    [Theory]
    [InlineData("blank")]
    [InlineData("noise")]
    public void A_frame_without_people_gives_no_faces_and_no_persons(string kind)
    {
        using var frame = kind == "noise" ? TestFrames.Noise() : TestFrames.Blank(128);
        var path = _temp.File($"{kind}.png");
        Cv2.ImWrite(path, frame);

        var result = FaceActorsProcess.Run("detect", path, "--yolo", YoloxNano, "--json");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(0, result.Json.GetProperty("faces").GetArrayLength());
        Assert.Equal(0, result.Json.GetProperty("persons").GetArrayLength());
    }
}
