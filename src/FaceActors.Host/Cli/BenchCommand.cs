using FaceActors.Vision;
using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using FaceActors.Host.Benchmarking;
using FaceActors.Host.Benchmarking.Soak;
using FaceActors.Configuration;
using FaceActors.Storage;
using Spectre.Console;

namespace FaceActors.Host.Cli;

/// <summary>
/// `faceactors bench pipeline`: the main job's pipeline over 1, 2, 4, 8 cameras looping a composed clip in real time,
/// with the gate on and off. Each configuration runs in a fresh process of its own, so its peak memory and CPU are its
/// own and not the previous run's.
/// </summary>
internal static class BenchCommand
{
    private static readonly JsonSerializerOptions ReportJson = new(CommonOptions.JsonOutput) { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    private sealed record Request(string? ConfigPath, IReadOnlyList<int> Cameras, IReadOnlyList<bool> GateModes, int Seconds, string? Yolo,
        string SamplesFolder, string? JsonPath, bool ExportMetrics);

    public static Command Build()
    {
        var config = CommonOptions.Config();
        var cameras = new Option<string>("--cameras")
        {
            Description = "Camera counts to measure, comma-separated; every camera is 640x480 at 15 fps.",
            DefaultValueFactory = _ => "1,2,4,8",
        };
        var seconds = new Option<int>("--seconds")
        {
            Description = $"Seconds measured per configuration, 5..3600, after {PipelineBench.WarmUp.TotalSeconds:0} s of warm-up.",
            DefaultValueFactory = _ => 25,
        };
        var gate = new Option<string>("--gate")
        {
            Description = "on (as configured), off (every frame to face detection: the baseline), or both.",
            DefaultValueFactory = _ => "both",
        };
        gate.AcceptOnlyFromAmong("both", "on", "off");
        var yolo = new Option<FileInfo?>("--yolo") { Description = "A YOLO person detector (ONNX) for the gate, in place of the configured one (faceactors.persons)." };
        var samples = SamplesOption();
        var json = new Option<FileInfo?>("--json") { Description = "Also write every figure to this file as JSON." };
        var metrics = new Option<string>("--metrics")
        {
            Description = "on: serve /metrics through OpenTelemetry's Prometheus exporter and scrape it every 5 s, as `run` is watched; off: nothing reads the meters. Run both to see what telemetry costs.",
            DefaultValueFactory = _ => "on",
        };
        metrics.AcceptOnlyFromAmong("on", "off");

        var pipeline = new Command("pipeline",
            "Run the main job's pipeline over N looping cameras and report fps, drops, CPU, memory and latencies, gate on and off.")
        {
            config, cameras, seconds, gate, yolo, samples, json, metrics,
        };
        pipeline.SetAction((result, _) => CommandErrors.RunAsync(() => BenchAsync(new Request(
            result.GetValue(config)?.FullName,
            ParseCameras(result.GetRequiredValue(cameras)),
            result.GetRequiredValue(gate) switch { "on" => [true], "off" => [false], _ => [true, false] },
            result.GetValue(seconds),
            result.GetValue(yolo)?.FullName,
            result.GetRequiredValue(samples).FullName,
            result.GetValue(json)?.FullName,
            result.GetRequiredValue(metrics) == "on"))));
        return new Command("bench", "Measure the running system.")
        {
            pipeline, Soak(), PersonsBenchCommand.Build(SamplesOption(), SharedDataOption()), FacesBenchCommand.Build(SamplesOption(), SharedDataOption()),
            LivenessBenchCommand.Build(SamplesOption(), SharedDataOption()), ClusterBenchCommand.Build(SamplesOption(), ReportJson),
            LibraryBenchCommand.Build(SharedDataOption()),
        };
    }

    /// <summary>The shared test data the detector benches read: ../shared/data beside the checkout unless given.</summary>
    private static Option<DirectoryInfo> SharedDataOption() => new("--shared")
    {
        Description = "The shared test data folder (../shared/data beside the checkout by default).",
        DefaultValueFactory = _ => new DirectoryInfo(Path.Combine(HomeDirectory.Path, "..", "shared", "data")),
    };

    private static Option<DirectoryInfo> SamplesOption() => new("--samples")
    {
        Description = "Folder holding the sample photos the clip is composed from and the gallery (built by `faceactors samples build`).",
        DefaultValueFactory = _ => new DirectoryInfo(Path.Combine(HomeDirectory.Path, "data", "samples")),
    };

    /// <summary>`faceactors bench soak`: the program under faults for minutes, watched from outside.</summary>
    private static Command Soak()
    {
        var samples = SamplesOption();
        var config = CommonOptions.Config();
        var minutes = new Option<double>("--minutes")
        {
            Description = "How long `faceactors run` soaks, 1..600 minutes; the faults are laid out for 10 and scaled to it.",
            DefaultValueFactory = _ => 10,
        };
        var store = new Option<string>("--store")
        {
            Description = "Where the gallery and the recognition log live: postgresql (a private server the soak stops for a while) or sqlite.",
            DefaultValueFactory = _ => "postgresql",
        };
        store.AcceptOnlyFromAmong("postgresql", "sqlite");
        var yolo = new Option<FileInfo?>("--yolo") { Description = "A YOLO person detector (ONNX) for the gate, in place of the configured one (faceactors.persons)." };
        var json = new Option<FileInfo?>("--json") { Description = "Also write every figure to this file as JSON." };
        var soak = new Command("soak",
            "Run `faceactors run` over 8 cameras (4 RTSP, 2 MJPEG, 2 files) while faults hit it, and report memory growth, stalls, recognitions lost and CPU. Exits 1 when a target is missed.")
        {
            config, minutes, store, yolo, samples, json,
        };
        soak.SetAction((result, _) => CommandErrors.RunAsync(() => SoakAsync(
            new SoakRequest(result.GetValue(minutes), result.GetRequiredValue(store) == "sqlite" ? SqlProvider.Sqlite : SqlProvider.PostgreSql,
                result.GetValue(config)?.FullName, result.GetValue(yolo)?.FullName, result.GetRequiredValue(samples).FullName),
            result.GetValue(json)?.FullName)));
        return soak;
    }

    private static async Task<int> SoakAsync(SoakRequest request, string? jsonPath)
    {
        if (request.Minutes is < 1 or > 600) throw new InvalidInputException($"--minutes must be in 1..600, not {request.Minutes}.");
        var gallery = Path.Combine(request.SamplesFolder, SamplesCommand.GalleryName);
        if (!Directory.Exists(gallery))
            throw new DirectoryNotFoundException($"The sample gallery '{gallery}' does not exist; build it with `faceactors samples build --folder {request.SamplesFolder}`.");

        SoakReport? report = null;
        await CommonOptions.ProgressConsole.Status().StartAsync("Setting up", async status =>
            report = await SoakBench.RunAsync(request, SoakReportConsole.PrintSchedule, message => status.Status(Markup.Escape(message))));
        SoakReportConsole.Print(report!);
        if (jsonPath is not null) await File.WriteAllTextAsync(jsonPath, JsonSerializer.Serialize(report, ReportJson));
        return report!.Targets.All(t => t.Met != false) ? 0 : 1;
    }

    private static IReadOnlyList<int> ParseCameras(string text)
    {
        var counts = text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Select(part => int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n is >= 1 and <= 64
                ? n
                : throw new InvalidInputException($"--cameras takes camera counts from 1 to 64 separated by commas (for example 1,2,4,8), not '{text}'."))
            .ToList();
        return counts.Count > 0 ? counts : throw new InvalidInputException("--cameras needs at least one camera count.");
    }

    private static async Task<int> BenchAsync(Request request)
    {
        if (request.Seconds is < 5 or > 3600) throw new InvalidInputException($"--seconds must be in 5..3600, not {request.Seconds}.");
        var gallery = Path.Combine(request.SamplesFolder, SamplesCommand.GalleryName);
        if (!Directory.Exists(gallery))
            throw new DirectoryNotFoundException($"The sample gallery '{gallery}' does not exist; build it with `faceactors samples build --folder {request.SamplesFolder}`.");

        var startedAt = DateTimeOffset.UtcNow;
        var runs = new List<PipelineBenchRun>();
        var configurations = request.Cameras.SelectMany(n => request.GateModes.Select(gated => (Cameras: n, Gated: gated))).ToList();
        if (configurations.Count == 1) runs.Add(await RunHereAsync(request, configurations[0].Cameras, configurations[0].Gated));
        else
        {
            var each = PipelineBench.WarmUp.TotalSeconds + request.Seconds;
            try
            {
                await CommonOptions.ProgressConsole.Status().StartAsync("Starting", async status =>
                {
                    foreach (var (index, (cameras, gated)) in configurations.Index())
                    {
                        status.Status($"Run {index + 1} of {configurations.Count}: {cameras} camera(s), gate {(gated ? "on" : "off")}, {each:0} s");
                        runs.Add(await RunChildAsync(request, cameras, gated));
                    }
                });
            }
            catch (BenchRunFailedException e)
            {
                await Console.Error.WriteLineAsync($"error: {e.Message}");
                return 1;
            }
        }

        var report = PipelineBenchReport.From(Setup(request, startedAt), runs);
        Print(report);
        if (request.JsonPath is { } path) await File.WriteAllTextAsync(path, JsonSerializer.Serialize(report, ReportJson));
        return 0;
    }

    private static BenchSetup Setup(Request request, DateTimeOffset startedAt) => new(
        startedAt, PipelineBenchReport.MachineDescription(), Environment.ProcessorCount,
        "faceactors " + string.Join(' ', Environment.GetCommandLineArgs().Skip(1)),
        BenchClip.ClipFps, BenchClip.ClipSeconds, BenchClip.EntrySeconds, PipelineBench.WarmUp.TotalSeconds, request.Seconds);

    /// <summary>One configuration in this process.</summary>
    private static async Task<PipelineBenchRun> RunHereAsync(Request request, int cameras, bool gated)
    {
        var configuration = FaceActorsConfiguration.Load(request.ConfigPath);
        var vision = VisionSettings.From(configuration).RequireModelFiles();
        var work = Directory.CreateTempSubdirectory("faceactors-bench-");
        try
        {
            var clip = BenchClip.Write(request.SamplesFolder, Path.Combine(work.FullName, "clip.avi"));
            await Console.Error.WriteLineAsync(
                $"Measuring {cameras} camera(s), gate {(gated ? "on" : "off")}: {PipelineBench.WarmUp.TotalSeconds:0} s warm-up, then {request.Seconds} s");
            return await PipelineBench.RunAsync(configuration, vision, Path.Combine(request.SamplesFolder, SamplesCommand.GalleryName), request.Yolo,
                clip, cameras, gated, request.ExportMetrics, TimeSpan.FromSeconds(request.Seconds), work.FullName);
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }

    /// <summary>One configuration in a fresh `faceactors` process, which writes its figures to a file read back here.</summary>
    private static async Task<PipelineBenchRun> RunChildAsync(Request request, int cameras, bool gated)
    {
        var output = Path.Combine(Path.GetTempPath(), $"faceactors-bench-{Guid.NewGuid():N}.json");
        var start = ThisProgram.StartInfo([
            "bench", "pipeline", "--cameras", cameras.ToString(CultureInfo.InvariantCulture), "--gate", gated ? "on" : "off",
            "--seconds", request.Seconds.ToString(CultureInfo.InvariantCulture), "--samples", request.SamplesFolder, "--json", output,
            "--metrics", request.ExportMetrics ? "on" : "off",
        ]);
        foreach (var (option, value) in new[] { ("--config", request.ConfigPath), ("--yolo", request.Yolo) })
        {
            if (value is null) continue;
            start.ArgumentList.Add(option);
            start.ArgumentList.Add(value);
        }

        try
        {
            using var child = Process.Start(start)!;
            var stdout = child.StandardOutput.ReadToEndAsync();
            var stderr = child.StandardError.ReadToEndAsync();
            await child.WaitForExitAsync();
            if (child.ExitCode != 0 || !File.Exists(output))
                throw new BenchRunFailedException(cameras, gated, child.ExitCode, $"{await stdout}{await stderr}");
            var report = JsonSerializer.Deserialize<PipelineBenchReport>(await File.ReadAllTextAsync(output), ReportJson)!;
            return report.Runs.Single();
        }
        finally
        {
            File.Delete(output);
        }
    }

    private static void Print(PipelineBenchReport report)
    {
        var runs = new Table().Title($"Pipeline, {report.Setup.SecondsPerRun:0} s per run after {report.Setup.WarmUpSeconds:0} s warm-up ({report.Setup.Processors} logical processors)");
        foreach (var column in new[]
                 {
                     "cameras", "gate", "metrics", "captured fps/cam", "processed fps/cam (slowest)", "total fps", "dropped", "CPU % of a core", "CPU % of machine",
                     "CPU ms/frame", "peak RSS MiB", "capture→event p50/p95 ms", "entry→name p50/p95 ms (entries, missed)", "load",
                 })
            runs.AddColumn(new TableColumn(column).RightAligned());
        foreach (var r in report.Runs)
            runs.AddRow(
                $"{r.Cameras}", r.Gated ? "on" : "off", r.MetricsExported ? "on" : "off", $"{r.CapturedFpsPerCamera:0.0}", $"{r.ProcessedFpsPerCamera:0.0} ({r.ProcessedFpsSlowestCamera:0.0})",
                $"{r.ProcessedFpsTotal:0.0}", $"{r.FramesDropped}", $"{r.CpuPercentOfOneCore:0}", $"{r.CpuPercentOfMachine:0}", $"{r.CpuMsPerFrame:0.00}",
                $"{r.PeakRssMiB:0}", $"{PipelineBenchReport.Format(r.CaptureToEvent.P50Ms)} / {PipelineBenchReport.Format(r.CaptureToEvent.P95Ms)}",
                $"{PipelineBenchReport.Format(r.EntryToIdentity.ToIdentityAssigned.P50Ms)} / {PipelineBenchReport.Format(r.EntryToIdentity.ToIdentityAssigned.P95Ms)} ({r.EntryToIdentity.Entries}, {r.EntryToIdentity.Missed})",
                r.LoadAverage is { } load ? $"{load:0.0}" : "-");
        AnsiConsole.Write(runs);

        var models = new Table().Title("Where frames wait: each shared model's step as the cameras see it, and its own work per call")
            .AddColumns("cameras", "gate", "model", "step p50/p95 ms", "work p50/p95 ms (calls)");
        foreach (var r in report.Runs)
            foreach (var m in r.Models)
                models.AddRow($"{r.Cameras}", r.Gated ? "on" : "off", m.Model,
                    $"{PipelineBenchReport.Format(m.Step.P50Ms)} / {PipelineBenchReport.Format(m.Step.P95Ms)}{(m.Model == "person_detection" ? " (the gate)" : "")}",
                    $"{PipelineBenchReport.Format(m.Work.P50Ms)} / {PipelineBenchReport.Format(m.Work.P95Ms)} ({m.Work.Samples})");
        AnsiConsole.Write(models);

        if (report.Gate.Count > 0)
        {
            var gate = new Table().Title("Gate saving: CPU per processed frame").AddColumns("cameras", "gate on ms", "gate off ms", "on / off");
            foreach (var s in report.Gate) gate.AddRow($"{s.Cameras}", $"{s.GatedCpuMsPerFrame:0.00}", $"{s.UngatedCpuMsPerFrame:0.00}", $"{s.Ratio:P0}");
            AnsiConsole.Write(gate);
        }

        AnsiConsole.Write(TargetsTable(report.Targets));
    }

    /// <summary>A benchmark's targets: met, missed or not measured, with their figures.</summary>
    internal static Table TargetsTable(IEnumerable<TargetResult> results)
    {
        var targets = new Table().Title("Targets").AddColumns("target", "met", "figures");
        foreach (var t in results)
            targets.AddRow(Markup.Escape(t.Target), t.Met switch { true => "[green]yes[/]", false => "[red]no[/]", null => "not measured" }, Markup.Escape(t.Detail));
        return targets;
    }
}

/// <summary>A benchmark configuration's own process failed; what it printed says why.</summary>
public sealed class BenchRunFailedException(int cameras, bool gated, int exitCode, string output)
    : Exception($"The run with {cameras} camera(s), gate {(gated ? "on" : "off")}, failed (exit code {exitCode}):\n{output.TrimEnd()}");
