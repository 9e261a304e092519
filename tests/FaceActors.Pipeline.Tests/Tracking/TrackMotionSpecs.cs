using FaceActors.Pipeline.Tracking;
using FaceActors.Vision.Geometry;

namespace FaceActors.Pipeline.Tests.Tracking;

public sealed class TrackMotionSpecs
{
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Horizon = TimeSpan.FromSeconds(2);

    [Fact]
    public void A_track_seen_once_is_predicted_where_it_was()
    {
        var box = new Box(10, 20, 110, 220);
        var motion = new TrackMotion(box, Start, smoothing: 0.5f, Horizon);

        Assert.Equal(box, motion.PredictAt(Start.AddSeconds(1)));
    }

    [Fact]
    public void A_moving_track_is_predicted_at_constant_velocity()
    {
        var motion = new TrackMotion(new Box(0, 0, 100, 200), Start, smoothing: 0.5f, Horizon);
        motion.Observe(new Box(20, 10, 120, 210), Start.AddSeconds(0.5));

        // 40 px/s right and 20 px/s down, one more second on.
        Assert.Equal(new Box(60, 30, 160, 230), motion.PredictAt(Start.AddSeconds(1.5)));
    }

    [Fact]
    public void Velocity_is_smoothed_over_sightings()
    {
        var motion = new TrackMotion(new Box(0, 0, 100, 100), Start, smoothing: 0.5f, Horizon);
        motion.Observe(new Box(10, 0, 110, 100), Start.AddSeconds(1)); // 10 px/s
        motion.Observe(new Box(40, 0, 140, 100), Start.AddSeconds(2)); // 30 px/s measured, 20 px/s smoothed

        Assert.Equal(60, motion.PredictAt(Start.AddSeconds(3)).X1, 3);
    }

    [Fact]
    public void Past_the_horizon_the_prediction_stays_put()
    {
        var motion = new TrackMotion(new Box(0, 0, 100, 100), Start, smoothing: 0.5f, Horizon);
        motion.Observe(new Box(10, 0, 110, 100), Start.AddSeconds(1)); // 10 px/s

        Assert.Equal(30, motion.PredictAt(Start.AddSeconds(3)).X1, 3);
        Assert.Equal(30, motion.PredictAt(Start.AddSeconds(30)).X1, 3);
    }
}
