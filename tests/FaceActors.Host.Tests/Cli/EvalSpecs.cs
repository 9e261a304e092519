using FaceActors.TestSupport;

namespace FaceActors.Host.Tests.Cli;

public sealed class EvalSpecs
{
    [Fact]
    public void Orl_with_aligned_MobileFaceNet_reaches_the_required_rank1_and_eer()
    {
        var result = FaceActorsProcess.Run("eval", "verification", "--data", TestPaths.SharedData("orl_faces"), "--json");

        Assert.True(result.ExitCode == 0, result.ToString());
        var report = result.Json;
        Assert.Equal(79_800, report.GetProperty("pairs").GetInt32());
        Assert.Equal(0, report.GetProperty("no_face").GetArrayLength());
        Assert.True(report.GetProperty("rank1").GetDouble() >= 0.995, result.Stdout);
        Assert.True(report.GetProperty("eer").GetDouble() <= 0.01, result.Stdout);
        Assert.True(report.GetProperty("best_accuracy").GetDouble() >= 0.99, result.Stdout);
        Assert.InRange(report.GetProperty("threshold").GetDouble(), 0.2, 0.8);
        Assert.True(report.GetProperty("same").GetProperty("mean").GetDouble() > report.GetProperty("different").GetProperty("mean").GetDouble());
    }

    [Fact]
    public void A_dataset_folder_with_fewer_than_two_images_is_refused()
    {
        using var temp = new TempFolder();

        var result = FaceActorsProcess.Run("eval", "verification", "--data", temp.Path);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("at least two images", result.Stderr);
    }
}
