using System.Runtime.InteropServices;
using System.Text.Json.Serialization;

namespace FaceActors.Host.Benchmarking;

/// <summary>The gate's saving at one camera count: CPU per processed frame with the gate on and off.</summary>
/// <param name="Ratio">Gated over ungated; the target is at most 0.25.</param>
public sealed record GateSaving(int Cameras, double GatedCpuMsPerFrame, double UngatedCpuMsPerFrame, double Ratio);

/// <summary>One of the targets: met, missed, or not measured (null) by the runs made, and the figures behind it.</summary>
public sealed record TargetResult(string Target, [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] bool? Met, string Detail);

/// <summary>Where and on what the runs were made.</summary>
public sealed record BenchSetup(DateTimeOffset StartedAt, string Machine, int Processors, string Command, double ClipFps,
    double ClipSeconds, double EntrySeconds, double WarmUpSeconds, double SecondsPerRun);

/// <summary>Everything `faceactors bench pipeline` measured, as written by --json.</summary>
public sealed record PipelineBenchReport(BenchSetup Setup, IReadOnlyList<PipelineBenchRun> Runs, IReadOnlyList<GateSaving> Gate, IReadOnlyList<TargetResult> Targets)
{
    public static PipelineBenchReport From(BenchSetup setup, IReadOnlyList<PipelineBenchRun> runs)
    {
        var savings = runs.Where(r => r.Gated)
            .Join(runs.Where(r => !r.Gated), r => r.Cameras, r => r.Cameras,
                (on, off) => new GateSaving(on.Cameras, on.CpuMsPerFrame, off.CpuMsPerFrame, on.CpuMsPerFrame / off.CpuMsPerFrame))
            .ToList();
        return new PipelineBenchReport(setup, runs, savings, Judge(runs, savings));
    }

    public static string MachineDescription() =>
        $"{Environment.MachineName}: {Environment.ProcessorCount} logical processors, {RuntimeInformation.OSDescription}, {RuntimeInformation.FrameworkDescription}";

    /// <summary>The issues' targets (3, 9 and 13), judged only on runs with the gate on (except the saving, which needs both).</summary>
    private static List<TargetResult> Judge(IReadOnlyList<PipelineBenchRun> runs, IReadOnlyList<GateSaving> savings)
    {
        PipelineBenchRun? Gated(int cameras) => runs.FirstOrDefault(r => r.Gated && r.Cameras == cameras);
        var targets = new List<TargetResult>();

        const string noDrops = "8 cameras at 15 fps with no frame dropped";
        targets.Add(Gated(8) is { } full
            ? new TargetResult(noDrops, full.FramesDropped == 0 && full.ProcessedFpsSlowestCamera >= 0.99 * full.CapturedFpsPerCamera,
                $"{full.FramesDropped} of {full.FramesCaptured} frames dropped; {full.ProcessedFpsPerCamera:0.0} of {full.CapturedFpsPerCamera:0.0} fps processed per camera (slowest {full.ProcessedFpsSlowestCamera:0.0})")
            : new TargetResult(noDrops, null, "not measured (needs --cameras with 8 and the gate on)"));

        const string saving = "gated CPU per frame at most 25 % of ungated";
        targets.Add(savings.Count > 0
            ? new TargetResult(saving, savings.All(s => s.Ratio <= 0.25),
                string.Join("; ", savings.Select(s => $"{s.Cameras} camera(s): {s.GatedCpuMsPerFrame:0.0} / {s.UngatedCpuMsPerFrame:0.0} ms = {s.Ratio:P0}")))
            : new TargetResult(saving, null, "not measured (needs --gate both)"));

        foreach (var cameras in new[] { 1, 8 })
        {
            var entry = $"p95 entry to IdentityAssigned under 500 ms at {cameras} camera(s)";
            targets.Add(Gated(cameras) is { EntryToIdentity: var figures }
                ? new TargetResult(entry, figures.Entries == 0 ? null : figures.ToIdentityAssigned.P95Ms < 500 && figures.Missed == 0,
                    $"p95 {Format(figures.ToIdentityAssigned.P95Ms)} ms over {figures.Entries} entries, {figures.Missed} never named")
                : new TargetResult(entry, null, $"not measured (needs --cameras with {cameras} and the gate on)"));
        }

        const string memory = "peak RSS at 8 cameras at most 1.2x that at 1";
        targets.Add(Gated(1) is { } single && Gated(8) is { } eight
            ? new TargetResult(memory, eight.PeakRssMiB <= 1.2 * single.PeakRssMiB,
                $"{eight.PeakRssMiB:0} MiB at 8, {single.PeakRssMiB:0} MiB at 1: {eight.PeakRssMiB / single.PeakRssMiB:0.00}x")
            : new TargetResult(memory, null, "not measured (needs --cameras with 1 and 8 and the gate on)"));
        return targets;
    }

    public static string Format(double? milliseconds) => milliseconds is { } value ? $"{value:0}" : "-";
}
