using System.Diagnostics;
using System.Text.Json.Serialization;
using Akka.Configuration;
using Akka.Streams.Dsl;
using FaceActors.Configuration;
using FaceActors.Host.Cli;
using FaceActors.Pipeline.Actors;
using FaceActors.Pipeline.Cameras;
using FaceActors.Pipeline.Streams;
using FaceActors.Storage;
using FaceActors.Pipeline.Telemetry;
using FaceActors.Node.Running;
using FaceActors.Review.Library;

namespace FaceActors.Host.Benchmarking;

/// <summary>Percentiles of a set of durations, in milliseconds; null when there was nothing to measure.</summary>
public sealed record Percentiles(int Samples, double? P50Ms, double? P95Ms)
{
    public static Percentiles Of(IEnumerable<double> milliseconds)
    {
        var sorted = milliseconds.Order().ToArray();
        return sorted.Length == 0 ? new Percentiles(0, null, null) : new Percentiles(sorted.Length, At(sorted, 0.50), At(sorted, 0.95));
    }

    /// <summary>Linear interpolation between the closest ranks.</summary>
    private static double At(double[] sorted, double quantile)
    {
        var rank = quantile * (sorted.Length - 1);
        var below = (int)Math.Floor(rank);
        var above = Math.Min(below + 1, sorted.Length - 1);
        return sorted[below] + (sorted[above] - sorted[below]) * (rank - below);
    }
}

/// <summary>Entries of the person seen in the measured window: how long until they were named, and how many never were.</summary>
/// <param name="Missed">Entries whose person left (the clip looped) without being named.</param>
public sealed record EntryFigures(int Entries, int Missed, Percentiles ToIdentityAssigned);

/// <summary>One configuration's figures: <see cref="Cameras"/> cameras, the gate on or off, over the measured window.</summary>
/// <param name="CapturedFpsPerCamera">Frames the cameras delivered per second, each: the source's pacing.</param>
/// <param name="ProcessedFpsPerCamera">Frames through the whole pipeline per second, mean over cameras.</param>
/// <param name="ProcessedFpsSlowestCamera">The same for the camera that processed fewest.</param>
/// <param name="CpuPercentOfOneCore">Process CPU time over wall time (100 = one core busy).</param>
/// <param name="CpuMsPerFrame">Process CPU time per processed frame, every camera together.</param>
/// <param name="PeakRssMiB">The process's peak resident set over its whole life (models and gallery loading included).</param>
/// <param name="ManagedCommittedMiB">Memory the .NET GC had committed at the end: the managed part of the resident set.</param>
/// <param name="CaptureToEvent">Per processed frame, from its capture to the tracker's reply, after which its events leave the stream.</param>
/// <param name="LoadAverage">The machine's 1-minute load average as the run started (other work on the machine shows here).</param>
/// <param name="MetricsExported">Whether OpenTelemetry exported the metrics (served at /metrics and scraped every 5 s) during the run.</param>
/// <param name="Models">Per shared model, its step and its own work per call: where frames wait.</param>
public sealed record PipelineBenchRun(
    int Cameras,
    bool Gated,
    bool MetricsExported,
    double Seconds,
    long FramesCaptured,
    long FramesProcessed,
    long FramesDropped,
    double CapturedFpsPerCamera,
    double ProcessedFpsPerCamera,
    double ProcessedFpsSlowestCamera,
    double ProcessedFpsTotal,
    double CpuPercentOfOneCore,
    double CpuPercentOfMachine,
    double CpuMsPerFrame,
    [property: JsonPropertyName("peak_rss_mib")] double PeakRssMiB,
    [property: JsonPropertyName("final_rss_mib")] double FinalRssMiB,
    [property: JsonPropertyName("managed_committed_mib")] double ManagedCommittedMiB,
    Percentiles CaptureToEvent,
    EntryFigures EntryToIdentity,
    double? LoadAverage,
    IReadOnlyList<ModelTiming> Models);

/// <summary>
/// One benchmark run in this process: the main job's pipeline (<see cref="RunningPipeline"/>, as `run` builds it) over
/// N cameras, each looping its own copy of the <see cref="BenchClip"/> in real time, measured after a warm-up.
/// </summary>
internal static class PipelineBench
{
    /// <summary>
    /// Not measured: the first frames pay for JIT compilation and every model's first run at the frame's size, which the
    /// clip's opening appearance (<see cref="BenchClip"/>) brings about within this time.
    /// </summary>
    public static readonly TimeSpan WarmUp = TimeSpan.FromSeconds(3);

    private sealed record Snapshot(long Timestamp, DateTimeOffset At, TimeSpan Cpu, IReadOnlyList<CameraSupervisorActor.CameraStatus> Cameras)
    {
        public static async Task<Snapshot> TakeAsync(RunningPipeline running)
        {
            var cameras = (await running.CamerasAsync()).All;
            return new Snapshot(Stopwatch.GetTimestamp(), DateTimeOffset.UtcNow, Environment.CpuUsage.TotalTime, cameras);
        }

        public long Captured => Cameras.Sum(c => c.FramesCaptured);
        public long Dropped => Cameras.Sum(c => c.FramesDropped);
    }

    public static async Task<PipelineBenchRun> RunAsync(Config configuration, VisionSettings vision, string galleryFolder, string? yoloOverride,
        BenchClip clip, int cameraCount, bool gated, bool exportMetrics, TimeSpan duration, string workFolder)
    {
        var framesWaiting = PipelineSettings.DefaultFramesWaiting(configuration);
        var cameras = Enumerable.Range(1, cameraCount).Select(i =>
        {
            // Each camera plays its own copy, as separate cameras would not share a file.
            var copy = Path.Combine(workFolder, $"camera-{i}.avi");
            File.Copy(clip.Path, copy, overwrite: true);
            return new CameraSettings($"camera-{i}", CameraKind.OpenCv, copy) { Loop = true, RealTime = true, Width = clip.Width, Height = clip.Height, Fps = clip.Fps, FramesWaiting = framesWaiting };
        }).ToList();
        var pipeline = PipelineSettings.WithCameras(configuration, cameras);
        pipeline = pipeline with { Gate = pipeline.Gate with { EveryFrame = !gated } };

        // The recognition log runs as in `run`, into a database of the run's own: the benchmark's recognitions stay out
        // of the user's log.
        var recognitionLog = RecognitionLogSettings.From(configuration) with
        {
            Database = new SqlDatabase(SqlProvider.Sqlite, $"Data Source={Path.Combine(workFolder, "recognitions.db")}"),
        };

        var loadAverage = LoadAverage();
        var recorder = new PipelineRecorder();
        using var timings = new ModelTimings();
        var registry = new CameraRegistry();
        await using var host = await BenchHost.StartAsync(registry, pipeline.Cameras, exportMetrics);
        var node = new NodeSettings(vision, pipeline, PersistentGallery: null, galleryFolder, yoloOverride, recognitionLog);
        // The face library as `run` has it (on by default, in memory): its crops and grouping are part of what runs.
        var review = ReviewSettings.From(configuration) is { } reviewOptions ? new FaceReview(reviewOptions) : null;
        await using var running = await RunningPipeline.StartAsync(host.System, clustered: false, node, registry, host.Metrics, recorder, tracked: null, review,
            [new EventConsumer("the bench's recorder", recorder.OnEvent)], CommonOptions.ProgressConsole, CancellationToken.None);

        await Task.Delay(WarmUp);
        var start = await Snapshot.TakeAsync(running);
        timings.Open();
        await Task.Delay(duration);
        timings.Close();
        var end = await Snapshot.TakeAsync(running);
        await running.StopAsync();

        var seconds = Stopwatch.GetElapsedTime(start.Timestamp, end.Timestamp).TotalSeconds;
        var frames = recorder.Frames;
        var measured = frames.Where(f => f.ProcessedAt > start.At && f.ProcessedAt <= end.At).ToList();
        var processedPerCamera = cameras.Select(c => measured.Count(f => f.CameraId == c.Name)).ToList();
        var cpu = end.Cpu - start.Cpu;
        using var process = Process.GetCurrentProcess();
        return new PipelineBenchRun(
            cameraCount, gated, exportMetrics, seconds,
            FramesCaptured: end.Captured - start.Captured,
            FramesProcessed: measured.Count,
            FramesDropped: end.Dropped - start.Dropped,
            CapturedFpsPerCamera: (end.Captured - start.Captured) / seconds / cameraCount,
            ProcessedFpsPerCamera: measured.Count / seconds / cameraCount,
            ProcessedFpsSlowestCamera: processedPerCamera.Min() / seconds,
            ProcessedFpsTotal: measured.Count / seconds,
            CpuPercentOfOneCore: 100 * cpu.TotalSeconds / seconds,
            CpuPercentOfMachine: 100 * cpu.TotalSeconds / seconds / Environment.ProcessorCount,
            CpuMsPerFrame: measured.Count == 0 ? double.NaN : cpu.TotalMilliseconds / measured.Count,
            PeakRssMiB: process.PeakWorkingSet64 / 1024.0 / 1024.0,
            FinalRssMiB: process.WorkingSet64 / 1024.0 / 1024.0,
            ManagedCommittedMiB: GC.GetGCMemoryInfo().TotalCommittedBytes / 1024.0 / 1024.0,
            CaptureToEvent: Percentiles.Of(measured.Select(f => f.Latency.TotalMilliseconds)),
            EntryToIdentity: Entries(clip, cameras.Select(c => c.Name), frames, recorder.Names, start.At, end.At),
            LoadAverage: loadAverage,
            Models: timings.Result());
    }

    /// <summary>
    /// Every entry of the person in the measured window, camera by camera, and the time from it to the first
    /// IdentityAssigned that came out of the event hub while they stayed. A looping camera's frame n is frame
    /// (n - 1) mod FrameCount of the clip (the source numbers every frame it reads, dropped ones included), so the
    /// entries are frames EntryFrame + 1 + k·FrameCount. An entry frame that was dropped before the pipeline has no
    /// capture time of its own; it is placed from the nearest processed frame at the clip's frame rate, which the
    /// source keeps to.
    /// </summary>
    internal static EntryFigures Entries(BenchClip clip, IEnumerable<string> cameras, IReadOnlyList<ProcessedFrame> frames,
        IReadOnlyList<NameArrived> names, DateTimeOffset from, DateTimeOffset to)
    {
        var frameInterval = TimeSpan.FromSeconds(1 / clip.Fps);
        var stay = frameInterval * clip.StayFrames;
        var latencies = new List<double>();
        var entries = 0;
        var missed = 0;
        foreach (var camera in cameras)
        {
            var seen = frames.Where(f => f.CameraId == camera).OrderBy(f => f.Sequence).ToList();
            if (seen.Count == 0) continue;
            var named = names.Where(n => n.Event.CameraId == camera).ToList();
            for (var entry = clip.EntryFrame + 1L; entry <= seen[^1].Sequence; entry += clip.FrameCount)
            {
                var nearest = seen.MinBy(f => Math.Abs(f.Sequence - entry))!;
                var enteredAt = nearest.CapturedAt + frameInterval * (entry - nearest.Sequence);
                var leftAt = enteredAt + stay;
                if (enteredAt < from) continue;
                // The name's frame was captured while they were there (half a frame's slack for the placing above).
                var first = named.Where(n => n.Event.At >= enteredAt - frameInterval / 2 && n.Event.At < leftAt).MinBy(n => n.ArrivedAt);
                if (first is not null) latencies.Add((first.ArrivedAt - enteredAt).TotalMilliseconds);
                else if (leftAt <= to) missed++;
                else continue;
                entries++;
            }
        }
        return new EntryFigures(entries, missed, Percentiles.Of(latencies));
    }

    /// <summary>The 1-minute load average, where the system tells it (Linux).</summary>
    private static double? LoadAverage()
    {
        const string path = "/proc/loadavg";
        if (!File.Exists(path)) return null;
        var first = File.ReadAllText(path).Split(' ')[0];
        return double.TryParse(first, System.Globalization.CultureInfo.InvariantCulture, out var load) ? load : null;
    }
}
