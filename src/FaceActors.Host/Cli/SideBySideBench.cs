using System.CommandLine;
using System.Text.Json;
using FaceActors.Configuration;
using Spectre.Console;

namespace FaceActors.Host.Cli;

/// <summary>
/// The shape the model-choice benches share (`bench persons`, `bench faces`, `bench liveness`): the configuration, the
/// shared test data and the samples as options, the measuring under a status line, a table with one block of rows per
/// data set, and the figures as JSON on request.
/// </summary>
internal static class SideBySideBench
{
    /// <param name="measure">Runs the bench from the configuration's vision settings, the parsed command line (for the
    /// verb's own <paramref name="options"/>), the shared data folder and the samples folder, reporting progress.</param>
    /// <param name="row">A result as the data set it belongs to and its cells, one per column.</param>
    public static Command Build<T>(string name, string description, Option<DirectoryInfo> samples, Option<DirectoryInfo> shared,
        Func<VisionSettings, string> title, string[] columns, Func<T, (string Set, string[] Cells)> row,
        Func<VisionSettings, ParseResult, string, string, Action<string>, IReadOnlyList<T>> measure, params Option[] options)
    {
        var config = CommonOptions.Config();
        var json = new Option<FileInfo?>("--json") { Description = "Also write every figure to this file as JSON." };
        var command = new Command(name, description) { config, shared, samples, json };
        foreach (var option in options) command.Options.Add(option);
        command.SetAction((result, _) => CommandErrors.RunAsync(async () =>
        {
            var vision = VisionSettings.From(FaceActorsConfiguration.Load(result.GetValue(config)?.FullName)).RequireModelFiles();
            IReadOnlyList<T> results = [];
            CommonOptions.ProgressConsole.Status().Start("Reading the data", status =>
                results = measure(vision, result, result.GetRequiredValue(shared).FullName, result.GetRequiredValue(samples).FullName,
                    message => status.Status(Markup.Escape(message))));
            Print(title(vision), columns, results.Select(row));
            if (result.GetValue(json) is { } file)
                await File.WriteAllTextAsync(file.FullName, JsonSerializer.Serialize(results, CommonOptions.JsonOutput));
            return 0;
        }));
        return command;
    }

    private static void Print(string title, IReadOnlyList<string> columns, IEnumerable<(string Set, string[] Cells)> rows)
    {
        var table = new Table().Title(title);
        foreach (var column in columns) table.AddColumn(new TableColumn(column).RightAligned());
        foreach (var set in rows.GroupBy(r => r.Set))
        {
            table.AddRow(new Markup($"[bold]{Markup.Escape(set.Key)}[/]"));
            foreach (var (_, cells) in set) table.AddRow(cells.Select(Markup.Escape).ToArray());
        }
        AnsiConsole.Write(table);
    }
}
