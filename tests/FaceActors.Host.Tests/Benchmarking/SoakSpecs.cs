using System.Text.Json;
using FaceActors.Host.Benchmarking.Soak;
using FaceActors.Host.Tests.Cli;
using FaceActors.TestSupport;

namespace FaceActors.Host.Tests.Benchmarking;

/// <summary>
/// `bench soak` for one minute, as CI runs it: `faceactors run` over eight real cameras (rtsp-server-perl, MJPEG over
/// HTTP, files) with its gallery and recognition log on a private PostgreSQL, while every fault of the schedule hits it.
/// The bounds are generous (the machine runs other tests' programs too); the 10-minute figures are in docs/benchmarks.md.
/// </summary>
[Collection(SoakRuns.Name)]
public sealed class SoakSpecs : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void A_one_minute_soak_lives_through_every_fault_and_loses_no_recognition()
    {
        var json = _temp.File("soak.json");

        var result = FaceActorsProcess.Run(["bench", "soak", "--minutes", "1", "--samples", BenchSpecs.Samples(),
            "--yolo", TestPaths.SharedModel("yolox_nano/yolox_nano.onnx"), "--json", json], patience: TimeSpan.FromMinutes(6));

        Assert.True(File.Exists(json), result.ToString());
        var report = JsonDocument.Parse(File.ReadAllText(json)).RootElement;
        Assert.True(report.GetProperty("survived").GetBoolean(), result.ToString());
        Assert.Equal(0, report.GetProperty("exit_code").GetInt32());

        // Every camera of the eight ran, the corrupt parts were seen and skipped, and nothing was lost to the database's outage.
        var cameras = report.GetProperty("cameras").EnumerateArray().ToDictionary(c => c.GetProperty("name").GetString()!);
        Assert.Equal(8, cameras.Count);
        Assert.All(cameras.Values, c => Assert.True(c.GetProperty("frames_processed").GetInt64() > 100, c.ToString()));
        Assert.True(cameras[SoakSchedule.CorruptCamera].GetProperty("decode_errors").GetInt64() > 0);
        Assert.All(cameras.Values, c => Assert.InRange(c.GetProperty("longest_unaffected_stall_seconds").GetDouble(), 0, 10));
        var recognitions = report.GetProperty("recognitions");
        Assert.True(recognitions.GetProperty("produced").GetInt32() > 8, recognitions.ToString());
        Assert.Equal(0, recognitions.GetProperty("lost").GetInt32());

        // The stopped publisher's camera came back; the faults aimed at no camera stopped none for long.
        var faults = report.GetProperty("faults").EnumerateArray().ToDictionary(f => f.GetProperty("kind").GetString()!);
        Assert.Equal(5, faults.Count);
        Assert.Equal(JsonValueKind.Number, faults[nameof(FaultKind.PublisherStopped)].GetProperty("camera_back_at_seconds").ValueKind);
        Assert.All(faults.Values, f => Assert.InRange(f.GetProperty("others_longest_stall_seconds").GetDouble(), 0, 10));

        // The API answered every call: enrolments and the erasure went through, and the one while the database was down
        // was refused as unavailable instead of hanging.
        var calls = report.GetProperty("api").EnumerateArray().Select(c => (What: c.GetProperty("what").GetString()!, Status: c.GetProperty("status").GetInt32())).ToList();
        Assert.Equal([201, 503, 204, 201], calls.Select(c => c.Status));

        var memory = report.GetProperty("memory");
        Assert.InRange(memory.GetProperty("growth_percent").GetDouble(), -50, 50);
        Assert.InRange(memory.GetProperty("floor_growth_percent").GetDouble(), -50, 50);
        Assert.True(memory.GetProperty("end_floor_rss_mib").GetDouble() <= memory.GetProperty("peak_rss_mib").GetDouble());
        Assert.InRange(report.GetProperty("cpu_percent_of_one_core").GetDouble(), 1, 100.0 * Environment.ProcessorCount);
        Assert.Equal(4, report.GetProperty("targets").GetArrayLength());
    }

    [Fact]
    public void The_schedule_scales_to_the_run_and_has_no_database_outage_on_sqlite()
    {
        var ten = SoakSchedule.For(10, databaseCanStop: true);
        var one = SoakSchedule.For(1, databaseCanStop: true);

        Assert.Equal(ten.Select(f => f.Kind), one.Select(f => f.Kind));
        Assert.All(ten.Zip(one), pair => Assert.Equal((pair.Item1.AtSeconds / 10, pair.Item1.Seconds / 10), (pair.Item2.AtSeconds, pair.Item2.Seconds)));
        // Each fault is over before the next begins, and the last well before the end.
        Assert.All(ten.Zip(ten.Skip(1)), pair => Assert.True(pair.Item1.EndSeconds < pair.Item2.AtSeconds));
        Assert.True(ten[^1].EndSeconds < 10 * 60 * 0.9);
        Assert.Equal(60, SoakSchedule.BaselineSeconds(10));
        Assert.Equal(30, SoakSchedule.BaselineSeconds(1));

        Assert.DoesNotContain(SoakSchedule.For(10, databaseCanStop: false), f => f.Kind == FaultKind.DatabaseStopped);
    }
}

/// <summary>The soak keeps both cores busy for a minute and more; xunit runs it after the other specs, on its own.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class SoakRuns
{
    public const string Name = "soak runs";
}
