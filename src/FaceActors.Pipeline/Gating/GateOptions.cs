namespace FaceActors.Pipeline.Gating;

/// <summary>
/// How the gate spends the expensive detectors. YOLO looks only at moving frames and then at a stride (the tracker
/// predicts in between); face detection runs only on a confirmed count change, a refresh, or the tracker's request.
/// </summary>
/// <param name="Cooldown">How long a new person count must hold before it counts as a change, 0..10 s. It stops YOLO's
/// one- or two-frame flicker from triggering face detection. Without a person detector it is also how long the scene
/// must have been still before new motion counts as someone arriving.</param>
/// <param name="RefreshInterval">Face detection runs at least this often while someone is there, 0.5 s..10 min, so
/// names are re-checked even when nothing changes.</param>
/// <param name="YoloStride">While the scene moves, YOLO runs on every this-many frames, 1..30 (1 = every moving frame);
/// the first moving frame after a still one always gets YOLO.</param>
/// <param name="YoloMaxInterval">YOLO runs at least this often even when nothing moves, 0.1 s..10 min: a safety net
/// for slow changes the motion check misses.</param>
/// <param name="MotionThreshold">Fraction of the downscaled frame that must change for the frame to count as moving, 0..1.</param>
/// <param name="TrackerRequestMinInterval">The tracker's "a track has no name" request triggers face detection at most
/// this often, 0..1 min, so an unknown stranger cannot force face detection on every frame.</param>
/// <param name="MotionSearchInterval">Without a person detector, face detection runs this often while the scene moves,
/// 0..1 min (0 = only at motion onset and the refresh): motion onset usually catches someone still half out of the
/// picture, and nothing else says they have come in.</param>
public sealed record GateOptions(
    TimeSpan Cooldown,
    TimeSpan RefreshInterval,
    int YoloStride,
    TimeSpan YoloMaxInterval,
    float MotionThreshold,
    TimeSpan TrackerRequestMinInterval,
    TimeSpan MotionSearchInterval)
{
    /// <summary>
    /// Turns the gate's savings off: every frame goes to face detection (and so to YOLO). Not a way to run cameras,
    /// but the baseline the gate is measured against (`faceactors bench pipeline`), so the comparison runs the same
    /// actors and stream with only the gate's verdict changed.
    /// </summary>
    public bool EveryFrame { get; init; }

    public static GateOptions Default { get; } = new(
        Cooldown: TimeSpan.FromMilliseconds(300),
        RefreshInterval: TimeSpan.FromSeconds(5),
        YoloStride: 3,
        YoloMaxInterval: TimeSpan.FromSeconds(2),
        MotionThreshold: 0.002f,
        TrackerRequestMinInterval: TimeSpan.FromSeconds(1),
        MotionSearchInterval: TimeSpan.FromSeconds(1));

    public void Validate()
    {
        Require(Cooldown >= TimeSpan.Zero && Cooldown <= TimeSpan.FromSeconds(10), nameof(Cooldown), "0..10 s", Cooldown);
        Require(RefreshInterval >= TimeSpan.FromMilliseconds(500) && RefreshInterval <= TimeSpan.FromMinutes(10), nameof(RefreshInterval), "0.5 s..10 min", RefreshInterval);
        Require(YoloStride is >= 1 and <= 30, nameof(YoloStride), "1..30 frames", YoloStride);
        Require(YoloMaxInterval >= TimeSpan.FromMilliseconds(100) && YoloMaxInterval <= TimeSpan.FromMinutes(10), nameof(YoloMaxInterval), "0.1 s..10 min", YoloMaxInterval);
        Require(MotionThreshold is >= 0 and <= 1, nameof(MotionThreshold), "0..1", MotionThreshold);
        Require(TrackerRequestMinInterval >= TimeSpan.Zero && TrackerRequestMinInterval <= TimeSpan.FromMinutes(1), nameof(TrackerRequestMinInterval), "0..1 min", TrackerRequestMinInterval);
        Require(MotionSearchInterval >= TimeSpan.Zero && MotionSearchInterval <= TimeSpan.FromMinutes(1), nameof(MotionSearchInterval), "0..1 min", MotionSearchInterval);
    }

    private static void Require(bool valid, string name, string range, object value)
    {
        if (!valid) throw new ArgumentOutOfRangeException(name, value, $"Gate option {name} must be in {range}, got {value}.");
    }
}
