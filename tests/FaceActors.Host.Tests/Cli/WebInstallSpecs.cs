namespace FaceActors.Host.Tests.Cli;

/// <summary>`faceactors web install`: the live view's pinned front-end packages, checked like the models.</summary>
public sealed class WebInstallSpecs : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void A_tarball_that_is_not_the_pinned_release_is_refused_and_nothing_is_installed()
    {
        var offered = Directory.CreateDirectory(_temp.File("tarballs")).FullName;
        File.WriteAllText(Path.Combine(offered, "uplot-1.6.32.tgz"), "not the release");

        var result = FaceActorsProcess.Run("web", "install", "--from", offered);

        BadInputSpecs.AssertUserError(result, "Checksum mismatch for uplot@1.6.32", "Nothing was installed from it");
        Assert.DoesNotContain("installed ", result.Stdout);
    }
}
