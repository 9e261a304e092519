using Spectre.Console;

namespace FaceActors.Host.Cli;

/// <summary>The side-by-side tables of `bench persons` and `bench faces`: one block of rows per data set.</summary>
internal static class BenchTable
{
    /// <param name="rows">Each row's set (the block it goes in, in first-seen order) and its cells, one per column.</param>
    public static void Print(string title, IReadOnlyList<string> columns, IEnumerable<(string Set, string[] Cells)> rows)
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
