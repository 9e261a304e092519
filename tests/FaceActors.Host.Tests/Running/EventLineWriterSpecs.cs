using System.Diagnostics;
using FaceActors.Host.Running;
using FaceActors.Pipeline.Tracking;
using FaceActors.Vision.Geometry;

namespace FaceActors.Host.Tests.Running;

public sealed class EventLineWriterSpecs
{
    /// <summary>An output whose reader has stopped reading (a stalled pipe): every write waits until it is let go.</summary>
    private sealed class StalledOutput : StringWriter
    {
        public readonly ManualResetEventSlim Reading = new();

        public override Task WriteLineAsync(string? value) => Task.Run(() =>
        {
            Reading.Wait();
            base.WriteLine(value);
        });
    }

    private static TrackEvent Event(int n) => new TrackStarted("door", n, new Box(0, 0, 10, 10), DateTimeOffset.UnixEpoch.AddSeconds(n));

    [Fact]
    public async Task A_stalled_output_never_holds_up_the_caller_its_overflow_is_dropped_and_counted_and_the_rest_is_written_when_it_reads_again()
    {
        var output = new StalledOutput();
        await using var writer = new EventLineWriter("a stalled pipe", output);
        var events = EventLineWriter.Capacity + 500;

        var clock = Stopwatch.StartNew();
        for (var n = 1; n <= events; n++) writer.Write(Event(n));
        // A generous bound: a blocking writer would not return at all.
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"writing took {clock.Elapsed.TotalSeconds:0.0} s");
        // One event may be in the stalled write; the buffer holds the capacity; the rest is dropped.
        Assert.InRange(writer.Dropped, 499, 500);

        output.Reading.Set();
        Assert.True(await writer.DrainAsync(TimeSpan.FromSeconds(30)));
        var lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(events - writer.Dropped, lines.Length);
        Assert.Equal(writer.Written, lines.Length);
        Assert.Contains("\"track\":1,", lines[0]);
    }

    [Fact]
    public async Task A_drain_says_when_the_output_did_not_take_the_last_events_in_time()
    {
        var output = new StalledOutput();
        await using var writer = new EventLineWriter("a stalled pipe", output);
        writer.Write(Event(1));

        Assert.False(await writer.DrainAsync(TimeSpan.FromMilliseconds(300)));
        output.Reading.Set();
    }
}
