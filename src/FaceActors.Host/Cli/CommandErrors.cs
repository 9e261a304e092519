using FaceActors.Models.Installation;
using FaceActors.Vision;
using FaceActors.Vision.Inference;
using Spectre.Console;

namespace FaceActors.Host.Cli;

/// <summary>
/// Turns the errors a user can fix into one clear line and exit code 2, instead of a stack trace. Any other exception,
/// a plain <see cref="ArgumentException"/> included, is a programming error and shows its stack trace.
/// </summary>
internal static class CommandErrors
{
    public const int UserError = 2;

    public static async Task<int> RunAsync(Func<Task<int>> action)
    {
        try
        {
            return await action();
        }
        catch (Exception e) when (e is VisionException or ModelInstallException or FileNotFoundException or DirectoryNotFoundException
                                      or Models.Conversion.UnsupportedTfliteOperatorException or Configuration.ConfigurationError or Configuration.ConfigurationErrors
                                      or InvalidInputException or Storage.StoreUnavailableException or Gallery.Actors.GalleryStoreException)
        {
            AnsiConsole.Console.Profile.Out.Writer.Flush();
            await Console.Error.WriteLineAsync($"error: {e.Message}");
            return UserError;
        }
    }

    public static int Run(Func<int> action) => RunAsync(() => Task.FromResult(action())).GetAwaiter().GetResult();
}
