using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Serialization;
using Spectre.Console;

namespace FaceActors.Host.Cli;

/// <summary>Options several verbs share, and how they write JSON.</summary>
internal static class CommonOptions
{
    public static Option<FileInfo?> Config() =>
        new("--config") { Description = "A HOCON file whose keys override config/faceactors.conf." };

    public static Option<bool> Json() => new("--json") { Description = "Print the result as JSON." };

    public static readonly JsonSerializerOptions JsonOutput = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    /// <summary>Progress bars go to stderr, so stdout carries only the result (and stays valid JSON with --json).</summary>
    public static IAnsiConsole ProgressConsole { get; } =
        AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });

    public static void WriteJson<T>(T value) => Console.WriteLine(JsonSerializer.Serialize(value, JsonOutput));
}
