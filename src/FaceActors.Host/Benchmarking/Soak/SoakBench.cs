using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using FaceActors.Host.Cli;
using FaceActors.Host.Hosting;
using FaceActors.Storage;
using FaceActors.Testbed.Processes;

namespace FaceActors.Host.Benchmarking.Soak;

/// <param name="ConfigPath">The user's configuration, which the soak's cameras, store and HTTP settings are laid over.</param>
/// <param name="SamplesFolder">The sample photos: the clip is composed from them, and the sample person is enrolled.</param>
public sealed record SoakRequest(double Minutes, SqlProvider Store, string? ConfigPath, string? Yolo, string SamplesFolder);

/// <summary>
/// `faceactors bench soak`: `faceactors run` in a process of its own, watched from outside for <see cref="SoakRequest.Minutes"/>
/// over eight real cameras (<see cref="SoakCameras"/>) with the persistent gallery and the recognition log on
/// PostgreSQL (or SQLite), while the faults of <see cref="SoakSchedule"/> hit it. It reports what the issue asks:
/// memory growth, drops, how long each fault's camera was away and whether any other camera stood still, recognitions
/// produced against stored, CPU, and whether the program lived to the end.
/// </summary>
internal sealed class SoakBench
{
    private static readonly TimeSpan RssSampleInterval = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan StartPatience = TimeSpan.FromMinutes(2);
    private static readonly TimeSpan StopPatience = TimeSpan.FromMinutes(1);
    // Seconds between the progress line's updates: a log that is not a terminal gets one line per update.
    private const double StatusInterval = 10;

    // Enrolled (with the sample photo) while the database is down: the answer must be an error and nothing enrolled.
    private const string OutageVisitor = "soak-visitor";

    private readonly SoakRequest _request;
    private readonly Action<string> _status;
    private readonly Stopwatch _clock = new();
    private readonly List<ApiCall> _api = [];
    private readonly List<RssSample> _rss = [];

    private SoakBench(SoakRequest request, Action<string> status)
    {
        _request = request;
        _status = status;
    }

    /// <param name="announce">Called with the schedule before the program starts, to print it.</param>
    /// <param name="status">Says what the soak is doing, for a progress display.</param>
    public static Task<SoakReport> RunAsync(SoakRequest request, Action<IReadOnlyList<SoakFault>> announce, Action<string> status) =>
        new SoakBench(request, status).RunAsync(announce);

    private double Now => _clock.Elapsed.TotalSeconds;

    private async Task<SoakReport> RunAsync(Action<IReadOnlyList<SoakFault>> announce)
    {
        var work = Directory.CreateTempSubdirectory("faceactors-soak-");
        try
        {
            _status("Composing the clip and starting the cameras (rtsp-server-perl, ffmpeg publishers, MJPEG servers)");
            var clip = BenchClip.Write(_request.SamplesFolder, Path.Combine(work.FullName, "clip.avi"));
            using var cameras = SoakCameras.Start(clip, work.FullName);
            _status(_request.Store == SqlProvider.PostgreSql ? "Starting a private PostgreSQL server" : "Using a SQLite file");
            using var store = SoakStore.Start(_request.Store, work.FullName);
            var schedule = SoakSchedule.For(_request.Minutes, store.CanStop);
            announce(schedule);
            return await SoakAsync(cameras, store, schedule, work.FullName);
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }

    private async Task<SoakReport> SoakAsync(SoakCameras cameras, SoakStore store, IReadOnlyList<SoakFault> schedule, string work)
    {
        var config = Path.Combine(work, "soak.conf");
        await File.WriteAllTextAsync(config, Configuration(cameras, store));
        var arguments = new List<string> { "run", "--config", config };
        if (_request.Yolo is { } yolo) arguments.AddRange(["--yolo", yolo]);

        var startedAt = DateTimeOffset.UtcNow;
        _clock.Start();
        _status("Starting faceactors run");
        var program = SoakedProgram.Start(arguments, Path.Combine(work, "run.log"));
        await using var _ = program;
        using var http = new HttpClient { BaseAddress = await program.AddressAsync(StartPatience), Timeout = TimeSpan.FromSeconds(30) };
        using var stopWatching = new CancellationTokenSource();
        var watch = new CameraWatch(http, _clock);
        var tally = new RecognitionTally(http);
        var watching = Task.WhenAll(watch.RunAsync(stopWatching.Token), tally.RunAsync(stopWatching.Token), SampleRssAsync(program, stopWatching.Token));

        var duration = _request.Minutes * 60;
        var baselineAt = SoakSchedule.BaselineSeconds(_request.Minutes);
        await ReadyAsync(program, http);
        await Enrol(http, "enrol the sample person", SamplesCommand.SampleIdentity);
        var actions = schedule
            .SelectMany(fault => new[] { (At: fault.AtSeconds, Fault: fault, Begin: true), (At: fault.EndSeconds, Fault: fault, Begin: false) })
            .Append((At: baselineAt, Fault: (SoakFault)null!, Begin: true))
            .OrderBy(a => a.At)
            .ToList();
        var cpuAtBaseline = TimeSpan.Zero;
        double? managedAtBaseline = null;
        foreach (var (at, fault, begin) in actions)
        {
            if (!await RunningUntilAsync(program, at)) break;
            if (fault is not null) await ActAsync(fault, begin, cameras, store, program, http);
            else
            {
                cpuAtBaseline = ProcessTree.CpuTimeWithChildren(program.Pid);
                managedAtBaseline = ManagedCommittedMiB(await MetricsAsync(http));
            }
        }
        var survivedToEnd = await RunningUntilAsync(program, duration);

        var endedAt = Now;
        var cpu = ProcessTree.CpuTimeWithChildren(program.Pid) - cpuAtBaseline;
        var endRss = ProcessTree.ResidentBytes(program.Pid);
        var metrics = await MetricsAsync(http);
        var stdoutDropped = MetricValue(metrics, @"faceactors_events_dropped_total\{[^}]*consumer=""stdout""[^}]*\}") is { } dropped ? (long)dropped : (long?)null;
        var managedAtEnd = ManagedCommittedMiB(metrics);
        await tally.ReadRecentAsync();
        var finalCameras = watch.Latest;
        var stalls = watch.StallsUntil(endedAt);
        _status("Stopping faceactors run (SIGTERM)");
        var exitCode = await program.StopAsync(StopPatience);
        await stopWatching.CancelAsync();
        await watching;

        _status("Comparing recognitions produced with the recognition log");
        var recognitions = await tally.CompareWithLogAsync(store.Database, startedAt);
        var memory = Memory(baselineAt, endRss, managedAtBaseline, managedAtEnd);
        // A camera a fault is aimed at is affected from the fault's start until it processes frames again.
        var affected = schedule.Where(f => f.Camera is not null)
            .Select(f => (Camera: f.Camera!, From: f.AtSeconds, To: watch.ProcessingAgainAt(f.Camera!, f.EndSeconds, endedAt) ?? endedAt)).ToList();
        var unaffectedStalls = stalls.Where(s => !affected.Any(a => a.Camera == s.Camera && s.Overlaps(a.From, a.To))).ToList();
        var faults = schedule.Select(f => Figures(f, watch, stalls, unaffectedStalls, endedAt)).ToList();
        var cameraFigures = cameras.All.Select(camera =>
        {
            var report = finalCameras.FirstOrDefault(c => c.Name == camera.Name);
            return new CameraFigures(camera.Name, camera.Kind, report?.FramesCaptured ?? 0, report?.FramesProcessed ?? 0, report?.FramesDropped ?? 0,
                report?.DecodeErrors ?? 0, report?.Reconnects ?? 0, unaffectedStalls.Where(s => s.Camera == camera.Name).Select(s => s.Seconds).DefaultIfEmpty(0).Max());
        }).ToList();
        var survived = survivedToEnd && exitCode == 0;
        var setup = new SoakSetup(startedAt, PipelineBenchReport.MachineDescription(), Environment.ProcessorCount,
            "faceactors " + string.Join(' ', Environment.GetCommandLineArgs().Skip(1)), _request.Minutes,
            _request.Store == SqlProvider.PostgreSql ? "postgresql" : "sqlite", cameras.All, program.StdoutPipeBytes);
        if (!survived) _status($"faceactors run did not live to the end; its last log lines:\n{program.LastLogLines}");
        return new SoakReport(setup, schedule, survived, exitCode, memory,
            endedAt > baselineAt ? 100 * cpu.TotalSeconds / (endedAt - baselineAt) : double.NaN,
            cameraFigures, faults, recognitions, new StdoutFigures(program.StdoutLines, stdoutDropped), _api,
            SoakReport.Judge(survived, exitCode, memory, cameraFigures, recognitions));
    }

    /// <summary>The user's configuration (or none) with the soak's cameras, store, HTTP port and stdout events laid over it.</summary>
    private string Configuration(SoakCameras cameras, SoakStore store)
    {
        var user = _request.ConfigPath is { } path ? File.ReadAllText(path) + "\n" : "";
        // Later keys win in HOCON, and objects merge: only what is set here changes.
        return user + $$"""
            faceactors {
              cameras = {{cameras.Hocon()}}
              gallery.folder = {{System.Text.Json.JsonSerializer.Serialize(Path.Combine(_request.SamplesFolder, SamplesCommand.GalleryName))}}
              persistence = {{store.Hocon()}}
              events.file = ""
              http { enabled = on, bind = "127.0.0.1", port = 0, api-key = "" }
            }
            """;
    }

    /// <summary>Waits until the program says it is ready (models loaded, cameras started), as the enrolment API needs.</summary>
    private async Task ReadyAsync(SoakedProgram program, HttpClient http)
    {
        _status("Waiting for faceactors run to be ready");
        var waited = Stopwatch.StartNew();
        while (true)
        {
            if (program.HasExited) throw new InvalidOperationException($"faceactors run ended as it started:\n{program.LastLogLines}");
            try
            {
                using var ready = await http.GetAsync("/health/ready");
                if (ready.IsSuccessStatusCode) return;
            }
            catch (HttpRequestException)
            {
            }
            if (waited.Elapsed > StartPatience)
                throw new InvalidOperationException($"faceactors run was not ready within {StartPatience.TotalSeconds:0} s:\n{program.LastLogLines}");
            await Task.Delay(250);
        }
    }

    /// <summary>Waits until <paramref name="at"/> seconds from the start, saying what comes next; false if the program ended meanwhile.</summary>
    private async Task<bool> RunningUntilAsync(SoakedProgram program, double at)
    {
        // The time left is read once a round: read twice, it can have run out in between (a negative delay).
        for (var left = at - Now; left > 0; left = at - Now)
        {
            if (program.HasExited) return false;
            _status($"Soaking: {Math.Floor(Now / StatusInterval) * StatusInterval:0} of {_request.Minutes * 60:0} s");
            await Task.Delay(TimeSpan.FromSeconds(Math.Min(1, left)));
        }
        return !program.HasExited;
    }

    private async Task ActAsync(SoakFault fault, bool begin, SoakCameras cameras, SoakStore store, SoakedProgram program, HttpClient http)
    {
        switch (fault.Kind, begin)
        {
            case (FaultKind.PublisherStopped, true): cameras.StopPublisher(fault.Camera!); break;
            case (FaultKind.PublisherStopped, false): cameras.StartPublisher(fault.Camera!); break;
            case (FaultKind.CorruptJpegParts, _): cameras.Corrupt(fault.Camera!, begin); break;
            case (FaultKind.DatabaseStopped, true):
                store.StopServer();
                // Into the outage, so that the gallery has met the broken connections.
                await Task.Delay(TimeSpan.FromSeconds(fault.Seconds / 2));
                await Enrol(http, "enrol someone new while the database is down", OutageVisitor);
                break;
            case (FaultKind.DatabaseStopped, false): store.StartServer(); break;
            case (FaultKind.StdoutStalled, true): program.StallStdout(); break;
            case (FaultKind.StdoutStalled, false): program.ResumeStdout(); break;
            case (FaultKind.EraseAndEnrol, true):
                await CallAsync("erase the sample person", () => http.DeleteAsync($"/api/gallery/{SamplesCommand.SampleIdentity}"));
                break;
            case (FaultKind.EraseAndEnrol, false): await Enrol(http, "enrol the sample person again", SamplesCommand.SampleIdentity); break;
        }
    }

    private Task Enrol(HttpClient http, string what, string name) => CallAsync(what, () =>
    {
        var form = new MultipartFormDataContent { { new StringContent(name), "name" } };
        var photo = new ByteArrayContent(File.ReadAllBytes(Path.Combine(_request.SamplesFolder, "grace_hopper.jpg")));
        photo.Headers.ContentType = new MediaTypeHeaderValue("image/jpeg");
        form.Add(photo, "photo", "grace_hopper.jpg");
        return http.PostAsync("/api/gallery", form);
    });

    private async Task CallAsync(string what, Func<Task<HttpResponseMessage>> call)
    {
        var at = Now;
        var timer = Stopwatch.StartNew();
        try
        {
            using var response = await call();
            var body = await response.Content.ReadAsStringAsync();
            _api.Add(new ApiCall(what, at, (int)response.StatusCode, timer.Elapsed.TotalMilliseconds, body.Length > 300 ? body[..300] + "…" : body));
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            _api.Add(new ApiCall(what, at, null, timer.Elapsed.TotalMilliseconds, e.Message));
        }
    }

    private async Task SampleRssAsync(SoakedProgram program, CancellationToken stop)
    {
        using var timer = new PeriodicTimer(RssSampleInterval);
        try
        {
            while (await timer.WaitForNextTickAsync(stop))
            {
                if (ProcessTree.ResidentBytes(program.Pid) is { } bytes)
                    lock (_rss) _rss.Add(new RssSample(Math.Round(Now, 1), Math.Round(bytes / 1024.0 / 1024.0, 1)));
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
        }
    }

    private MemoryFigures Memory(double baselineAt, long? endBytes, double? managedAtBaseline, double? managedAtEnd)
    {
        List<RssSample> samples;
        lock (_rss) samples = [.. _rss];
        var baseline = samples.Where(s => s.AtSeconds <= baselineAt).LastOrDefault() ?? samples.FirstOrDefault();
        var end = endBytes is { } bytes ? bytes / 1024.0 / 1024.0 : samples.LastOrDefault()?.RssMiB ?? double.NaN;
        var baselineMiB = baseline?.RssMiB ?? double.NaN;
        var window = ProcessMemory.TrimInterval.TotalSeconds;
        var lastAt = samples.LastOrDefault()?.AtSeconds ?? baselineAt;
        var baselineFloor = samples.Where(s => s.AtSeconds >= baselineAt && s.AtSeconds < baselineAt + window).Select(s => s.RssMiB).DefaultIfEmpty(baselineMiB).Min();
        var endFloor = samples.Where(s => s.AtSeconds > lastAt - window).Select(s => s.RssMiB).Append(end).Min();
        return new MemoryFigures(baseline?.AtSeconds ?? baselineAt, baselineMiB, end, managedAtBaseline, managedAtEnd, samples.Select(s => s.RssMiB).Append(end).Max(),
            100 * (end - baselineMiB) / baselineMiB, baselineFloor, endFloor, 100 * (endFloor - baselineFloor) / baselineFloor, samples);
    }

    /// <param name="unaffectedStalls">Stalls of cameras that no fault was aimed at when they happened.</param>
    private static FaultFigures Figures(SoakFault fault, CameraWatch watch, IReadOnlyList<Stall> stalls, IReadOnlyList<Stall> unaffectedStalls, double endedAt)
    {
        double? back = null, away = null;
        if (fault.Camera is { } camera)
        {
            back = watch.ProcessingAgainAt(camera, fault.EndSeconds, endedAt);
            away = stalls.Where(s => s.Camera == camera && s.Overlaps(fault.AtSeconds, back ?? endedAt)).Select(s => s.Seconds).DefaultIfEmpty(0).Max();
        }
        // The other cameras, from the fault's start until its camera is back (or a little after it ends), when any harm would show.
        var windowEnd = Math.Max(back ?? endedAt, fault.EndSeconds) + 2;
        var others = unaffectedStalls.Where(s => s.Camera != fault.Camera && s.Overlaps(fault.AtSeconds, windowEnd)).ToList();
        return new FaultFigures(fault.Kind, fault.Description, fault.Camera, fault.AtSeconds, fault.Seconds, away, back,
            others.Select(s => s.Seconds).DefaultIfEmpty(0).Max(), others.Select(s => s.Camera).Distinct().ToList());
    }

    /// <summary>The program's Prometheus metrics now, or null if it does not answer.</summary>
    private static async Task<string?> MetricsAsync(HttpClient http)
    {
        try
        {
            return await http.GetStringAsync("/metrics");
        }
        catch (HttpRequestException)
        {
            return null;
        }
    }

    /// <summary>The value of the first series matching <paramref name="series"/> (a regular expression for its name and labels).</summary>
    private static double? MetricValue(string? metrics, string series)
    {
        var match = metrics is null ? Match.Empty : Regex.Match(metrics, $@"^(?:{series}) (?<value>\S+)", RegexOptions.Multiline);
        return match.Success ? double.Parse(match.Groups["value"].Value, CultureInfo.InvariantCulture) : null;
    }

    private static double? ManagedCommittedMiB(string? metrics) =>
        MetricValue(metrics, @"dotnet_gc_last_collection_memory_committed_size_bytes(?:\{[^}]*\})?") / 1024 / 1024;
}
