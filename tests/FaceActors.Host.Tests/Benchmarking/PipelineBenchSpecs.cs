using FaceActors.Host.Benchmarking;
using FaceActors.Pipeline.Streams;
using FaceActors.Pipeline.Tracking;
using FaceActors.Vision.Geometry;

namespace FaceActors.Host.Tests.Benchmarking;

/// <summary>How the benchmark turns finished frames and names into entry-to-name latencies, on a made-up camera.</summary>
public sealed class PipelineBenchSpecs
{
    private static readonly DateTimeOffset Start = new(2026, 11, 28, 6, 0, 0, TimeSpan.Zero);

    // 10 s at 15 fps; the person enters in frame 90 (6 s) and stays 91 frames, past the loop's end.
    private static readonly BenchClip Clip = new("clip.avi", Fps: 15, FrameCount: 150, EntryFrame: 90, StayFrames: 91, Width: 640, Height: 480);

    private static DateTimeOffset CapturedAt(long sequence) => Start + TimeSpan.FromSeconds((sequence - 1) / 15.0);

    [Fact]
    public void An_entry_is_timed_from_its_frame_even_when_that_frame_was_dropped_and_an_unnamed_one_counts_as_missed()
    {
        // Frames 1..400 processed 10 ms after capture, except the first entry's own frame (91), dropped.
        var frames = Enumerable.Range(1, 400).Where(s => s != 91)
            .Select(s => new ProcessedFrame("a", s, CapturedAt(s), CapturedAt(s) + TimeSpan.FromMilliseconds(10))).ToList();
        // Named on frame 95, the event out 50 ms after that frame's capture. The entry at frame 241 is never named.
        var named = new IdentityAssigned("a", 7, new Box(0, 0, 10, 10), CapturedAt(95), "grace_hopper", 0.9f);
        var names = new[] { new NameArrived(named, CapturedAt(95) + TimeSpan.FromMilliseconds(50)) };

        // Measured from 3 s to 26 s: the entry at 26 s (frame 391) is still there at the end and is not judged.
        var entries = PipelineBench.Entries(Clip, ["a"], frames, names, Start + TimeSpan.FromSeconds(3), Start + TimeSpan.FromSeconds(26));

        Assert.Equal(2, entries.Entries);
        Assert.Equal(1, entries.Missed);
        Assert.Equal(1, entries.ToIdentityAssigned.Samples);
        Assert.Equal(4 / 15.0 * 1000 + 50, entries.ToIdentityAssigned.P50Ms!.Value, precision: 3);
    }

    [Fact]
    public void Percentiles_interpolate_between_ranks()
    {
        var percentiles = Percentiles.Of([40, 10, 30, 20, 50]);

        Assert.Equal(30, percentiles.P50Ms);
        Assert.Equal(48, percentiles.P95Ms!.Value, precision: 6);
        Assert.Null(Percentiles.Of([]).P95Ms);
    }
}
