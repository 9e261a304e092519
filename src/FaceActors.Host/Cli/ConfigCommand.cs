using System.CommandLine;
using Akka.Configuration;
using FaceActors.Configuration;
using FaceActors.Pipeline.Cameras;
using FaceActors.Vision;
using Spectre.Console;

namespace FaceActors.Host.Cli;

/// <summary>`faceactors config check [--config F]`: the effective configuration, and every error in it at once.</summary>
internal static class ConfigCommand
{
    public static Command Build()
    {
        var config = CommonOptions.Config();
        var check = new Command("check", "Print the effective configuration (defaults, your file, FACEACTORS__* variables) and every error in it.") { config };
        check.SetAction(result => CommandErrors.Run(() => Check(result.GetValue(config)?.FullName)));
        return new Command("config", "Inspect the configuration.") { check };
    }

    private static int Check(string? configPath)
    {
        var (configuration, unknownKeys) = FaceActorsConfiguration.LoadCollectingUnknownKeys(configPath);
        var errors = unknownKeys.Select(e => e.Message).ToList();
        Console.WriteLine($"faceactors {configuration.GetConfig("faceactors").Root.ToString(1)}");

        // Each section is read on its own, so one bad value does not hide the errors of the others.
        var sections = new Func<IEnumerable<ConfigurationError>>[]
        {
            () => VisionSettings.From(configuration).MissingModelFiles(),
            () => { PipelineSettings.From(configuration, []); return []; },
            () => { RecognitionLogSettings.From(configuration); return []; },
            () => { ClusterSettings.From(configuration); return []; },
            () => { MqttSettings.From(configuration); return []; },
            () => { ReviewSettings.From(configuration); return []; },
        };
        foreach (var section in sections) errors.AddRange(Errors(section));

        if (errors.Count == 0)
        {
            CommonOptions.ProgressConsole.MarkupLine("[green]The configuration is valid.[/]");
            return 0;
        }
        // Plain lines, not the console's wrapped ones: a key path must stay greppable.
        Console.Error.WriteLine($"{errors.Count} error(s):");
        foreach (var error in errors) Console.Error.WriteLine($"  {error}");
        return CommandErrors.UserError;
    }

    private static IEnumerable<string> Errors(Func<IEnumerable<ConfigurationError>> read)
    {
        try
        {
            return read().Select(e => e.Message).ToList();
        }
        catch (ConfigurationErrors e)
        {
            return e.Errors.Select(error => error.Message);
        }
        catch (Exception e) when (e is ConfigurationError or InvalidInputException or FileNotFoundException)
        {
            return [e.Message];
        }
    }
}
