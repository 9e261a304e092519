using System.CommandLine;
using FaceActors.Host.Http;
using FaceActors.Models.Installation;
using Spectre.Console;

namespace FaceActors.Host.Cli;

/// <summary>`faceactors web install [--from DIR]`: the live view's pinned front-end packages (its chart library).</summary>
internal static class WebCommand
{
    public static Command Build()
    {
        var from = new Option<DirectoryInfo?>("--from") { Description = "Install from npm tarballs already in this folder; npm is not called." };
        var install = new Command("install", "Fetch the live view's pinned front-end packages with npm, check their sha256, and copy their files into web/vendor/.")
        {
            from,
        };
        install.SetAction((result, cancellation) => CommandErrors.RunAsync(async () =>
        {
            var written = await WebAssets.InstallAsync(new NpmPackageFetcher(
                Environment.GetEnvironmentVariable("FACEACTORS_NPM") ?? "npm",
                Environment.GetEnvironmentVariable("FACEACTORS_NPM_REGISTRY")), result.GetValue(from)?.FullName, cancellation);
            foreach (var file in written) AnsiConsole.MarkupLineInterpolated($"[green]installed[/] {file}");
            return 0;
        }));
        return new Command("web", "Manage the live view's front-end packages.") { install };
    }
}
