using System.Text.Json.Serialization;

namespace FaceActors.Host.Benchmarking.Soak;

/// <summary>Where and how the soak ran.</summary>
/// <param name="StdoutPipeBytes">The pipe between the program's stdout and the soak's reader.</param>
public sealed record SoakSetup(DateTimeOffset StartedAt, string Machine, int Processors, string Command, double Minutes, string Store,
    IReadOnlyList<SoakCamera> Cameras, int StdoutPipeBytes);

public sealed record RssSample(double AtSeconds, [property: JsonPropertyName("rss_mib")] double RssMiB);

/// <summary>
/// The program's resident set at the baseline (minute 1) and at the end, before it was stopped; and the memory the .NET
/// GC had committed at each (the program's own metric), which tells managed growth from native. RSS is a saw-tooth (the
/// program trims glibc's heap every minute), so two instants compare tops or bottoms by chance; the floors, the lowest
/// RSS in the minute from the baseline and in the last minute, each holding one trim, compare like with like, and the
/// growth target is judged on them.
/// </summary>
public sealed record MemoryFigures(
    double BaselineAtSeconds,
    [property: JsonPropertyName("baseline_rss_mib")] double BaselineRssMiB,
    [property: JsonPropertyName("end_rss_mib")] double EndRssMiB,
    [property: JsonPropertyName("baseline_managed_committed_mib")] double? BaselineManagedCommittedMiB,
    [property: JsonPropertyName("end_managed_committed_mib")] double? EndManagedCommittedMiB,
    [property: JsonPropertyName("peak_rss_mib")] double PeakRssMiB,
    double GrowthPercent,
    [property: JsonPropertyName("baseline_floor_rss_mib")] double BaselineFloorRssMiB,
    [property: JsonPropertyName("end_floor_rss_mib")] double EndFloorRssMiB,
    double FloorGrowthPercent,
    IReadOnlyList<RssSample> Samples);

/// <summary>A camera's counters at the end, and its longest stall outside the faults aimed at it.</summary>
public sealed record CameraFigures(string Name, string Kind, long FramesCaptured, long FramesProcessed, long FramesDropped, long DecodeErrors,
    long Reconnects, double LongestUnaffectedStallSeconds);

/// <summary>One fault as it went.</summary>
/// <param name="CameraAwaySeconds">The longest time the fault's camera processed no frame, from the fault's start until it was back.</param>
/// <param name="CameraBackAtSeconds">When the fault's camera processed a frame again after the fault; null if it never did.</param>
/// <param name="OthersLongestStallSeconds">The longest time any other camera processed no frame during the fault (0 under the 1 s threshold).</param>
/// <param name="OthersStalled">Other cameras that processed no frame for more than 1 s during it.</param>
public sealed record FaultFigures(FaultKind Kind, string Description, string? Camera, double AtSeconds, double Seconds,
    double? CameraAwaySeconds, double? CameraBackAtSeconds, double OthersLongestStallSeconds, IReadOnlyList<string> OthersStalled);

/// <summary>A call the soak made to the program's API, and its answer.</summary>
public sealed record ApiCall(string What, double AtSeconds, int? Status, double Milliseconds, string Detail);

/// <summary>The program's stdout: event lines the soak read, and those the program dropped because nobody read them (its own count).</summary>
public sealed record StdoutFigures(long LinesRead, long? DroppedByProgram);

/// <summary>Everything `faceactors bench soak` measured, as written by --json.</summary>
/// <param name="Survived">The program ran until the soak stopped it, and then ended cleanly (exit code 0).</param>
/// <param name="CpuPercentOfOneCore">The program and its ffmpeg decoders, from the baseline to the end (100 = one core busy).</param>
public sealed record SoakReport(
    SoakSetup Setup,
    IReadOnlyList<SoakFault> Schedule,
    bool Survived,
    int? ExitCode,
    MemoryFigures Memory,
    double CpuPercentOfOneCore,
    IReadOnlyList<CameraFigures> Cameras,
    IReadOnlyList<FaultFigures> Faults,
    RecognitionCount Recognitions,
    StdoutFigures Stdout,
    IReadOnlyList<ApiCall> Api,
    IReadOnlyList<TargetResult> Targets)
{
    public const double RssGrowthTargetPercent = 5;

    /// <summary>The four targets.</summary>
    public static IReadOnlyList<TargetResult> Judge(bool survived, int? exitCode, MemoryFigures memory, IReadOnlyList<CameraFigures> cameras, RecognitionCount recognitions)
    {
        var worst = cameras.MaxBy(c => c.LongestUnaffectedStallSeconds);
        return
        [
            new TargetResult($"RSS growth under {RssGrowthTargetPercent} % from minute 1 to the end", memory.FloorGrowthPercent < RssGrowthTargetPercent,
                $"floors {memory.BaselineFloorRssMiB:0} MiB after minute 1 and {memory.EndFloorRssMiB:0} MiB in the last minute: {memory.FloorGrowthPercent:+0.0;-0.0} %"),
            new TargetResult("no unaffected camera stalls for more than 1 s", worst is null ? null : worst.LongestUnaffectedStallSeconds <= CameraWatch.StallThreshold.TotalSeconds,
                worst is null ? "no camera reported" : worst.LongestUnaffectedStallSeconds == 0
                    ? "no camera stood still for more than 1 s outside its own faults"
                    : $"longest: {worst.Name}, {worst.LongestUnaffectedStallSeconds:0.0} s"),
            new TargetResult("0 recognitions lost", recognitions.Produced == 0 ? null : recognitions.Lost == 0,
                $"{recognitions.Produced} produced, {recognitions.Stored} stored, {recognitions.Lost} lost" +
                (recognitions.NotSeenProduced > 0 ? $" ({recognitions.NotSeenProduced} stored from after the feed's last read)" : "")),
            new TargetResult("the process never dies", survived,
                survived ? "ran to the end and stopped cleanly on SIGTERM" : exitCode is { } code ? $"ended with exit code {code}" : "had to be killed"),
        ];
    }
}
