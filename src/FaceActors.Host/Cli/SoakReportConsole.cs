using FaceActors.Host.Benchmarking.Soak;
using Spectre.Console;

namespace FaceActors.Host.Cli;

/// <summary>`faceactors bench soak`'s schedule and report as tables.</summary>
internal static class SoakReportConsole
{
    public static void PrintSchedule(IReadOnlyList<SoakFault> schedule)
    {
        var table = new Table().Title("Faults, in seconds from the program's start").AddColumns("at", "for", "camera", "fault");
        foreach (var fault in schedule)
            table.AddRow($"{fault.AtSeconds:0.#}", $"{fault.Seconds:0.#}", fault.Camera ?? "-", Markup.Escape(fault.Description));
        AnsiConsole.Write(table);
    }

    public static void Print(SoakReport report)
    {
        var cameras = new Table().Title($"Cameras over {report.Setup.Minutes:0.#} min ({report.Setup.Store}; CPU {report.CpuPercentOfOneCore:0} % of a core, with the ffmpeg decoders)");
        foreach (var column in new[] { "camera", "kind", "captured", "processed", "dropped", "decode errors", "reconnects", "longest stall outside its faults (s)" })
            cameras.AddColumn(new TableColumn(column).RightAligned());
        foreach (var c in report.Cameras)
            cameras.AddRow(c.Name, c.Kind, $"{c.FramesCaptured}", $"{c.FramesProcessed}", $"{c.FramesDropped}", $"{c.DecodeErrors}", $"{c.Reconnects}",
                c.LongestUnaffectedStallSeconds == 0 ? "none over 1" : $"{c.LongestUnaffectedStallSeconds:0.0}");
        AnsiConsole.Write(cameras);

        var faults = new Table().Title("Faults").AddColumns("at (s)", "fault", "camera", "camera away (s)", "back at (s)", "other cameras stalled > 1 s");
        foreach (var f in report.Faults)
            faults.AddRow($"{f.AtSeconds:0.#}", Markup.Escape(f.Description), f.Camera ?? "-",
                f.CameraAwaySeconds is { } away ? $"{away:0.0}" : "-",
                f.Camera is null ? "-" : f.CameraBackAtSeconds is { } back ? $"{back:0.0}" : "[red]never[/]",
                f.OthersStalled.Count == 0 ? "none" : $"{string.Join(", ", f.OthersStalled)} (longest {f.OthersLongestStallSeconds:0.0} s)");
        AnsiConsole.Write(faults);

        var api = new Table().Title("API calls").AddColumns("at (s)", "call", "status", "ms", "answer");
        foreach (var call in report.Api)
            api.AddRow($"{call.AtSeconds:0.#}", Markup.Escape(call.What), call.Status?.ToString() ?? "none", $"{call.Milliseconds:0}", Markup.Escape(call.Detail));
        AnsiConsole.Write(api);

        AnsiConsole.MarkupLineInterpolated(
            $"Recognitions: {report.Recognitions.Produced} produced, {report.Recognitions.Stored} stored, {report.Recognitions.Lost} lost. Stdout: {report.Stdout.LinesRead} lines read, {report.Stdout.DroppedByProgram?.ToString() ?? "?"} dropped by the program (pipe {report.Setup.StdoutPipeBytes} bytes).");
        AnsiConsole.MarkupLineInterpolated(
            $"RSS: {report.Memory.BaselineRssMiB:0} MiB at {report.Memory.BaselineAtSeconds:0} s, {report.Memory.EndRssMiB:0} MiB at the end ({report.Memory.GrowthPercent:+0.0;-0.0} %), peak {report.Memory.PeakRssMiB:0} MiB; after the minute's trims {report.Memory.BaselineFloorRssMiB:0} and {report.Memory.EndFloorRssMiB:0} MiB ({report.Memory.FloorGrowthPercent:+0.0;-0.0} %); the GC had committed {report.Memory.BaselineManagedCommittedMiB?.ToString("0") ?? "?"} and {report.Memory.EndManagedCommittedMiB?.ToString("0") ?? "?"} MiB of it.");

        AnsiConsole.Write(BenchCommand.TargetsTable(report.Targets));
    }
}
