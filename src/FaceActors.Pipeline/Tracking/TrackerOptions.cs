namespace FaceActors.Pipeline.Tracking;

/// <summary>How the tracker follows people between detections and names them.</summary>
/// <param name="MatchIoU">Least IoU between a track's predicted box and a detection for the detection to continue the
/// track, 0.05..0.95.</param>
/// <param name="HitsToConfirm">Detections a new track needs before it is announced, 1..10. A tentative track missed by
/// the next detection pass is dropped silently, so YOLO's one-frame extra box never becomes a track.</param>
/// <param name="TimeToLive">How long a confirmed track lives without being detected, 0.1 s..1 min. Keep it above the
/// gate's YOLO safety interval (people standing still are only re-detected that often), and without a person
/// detector above the gate's refresh interval (face boxes are the only detections then).</param>
/// <param name="PredictionHorizon">How far ahead a track's velocity carries its predicted box, 0..5 s. It must cover
/// the gap between YOLO passes while people move (the stride) and a short occlusion; past it a track is predicted to
/// have stopped.</param>
/// <param name="VelocitySmoothing">Weight of the newest velocity measurement against the running estimate, 0..1
/// (1 = no smoothing). Lower values ride out jittery boxes; higher ones follow turns sooner.</param>
/// <param name="VoteWindow">How many recent faces of a track vote on its name, 1..100.</param>
/// <param name="FaceUpperFraction">A face belongs to a person only if its centre is in this top fraction of the
/// person's box (and the face lies mostly inside the box), 0.1..1.</param>
/// <param name="MaxIdentificationAttempts">Unknown faces after which an unnamed track stops asking the gate for face
/// detection, 1..100: a stranger is looked at this many times, then only on the gate's own schedule.</param>
public sealed record TrackerOptions(
    float MatchIoU,
    int HitsToConfirm,
    TimeSpan TimeToLive,
    TimeSpan PredictionHorizon,
    float VelocitySmoothing,
    int VoteWindow,
    float FaceUpperFraction,
    int MaxIdentificationAttempts)
{
    public static TrackerOptions Default { get; } = new(
        MatchIoU: 0.3f,
        HitsToConfirm: 2,
        TimeToLive: TimeSpan.FromSeconds(3),
        PredictionHorizon: TimeSpan.FromSeconds(1),
        VelocitySmoothing: 0.6f,
        VoteWindow: 10,
        FaceUpperFraction: 0.5f,
        MaxIdentificationAttempts: 3);

    public void Validate()
    {
        Require(MatchIoU is >= 0.05f and <= 0.95f, nameof(MatchIoU), "0.05..0.95", MatchIoU);
        Require(HitsToConfirm is >= 1 and <= 10, nameof(HitsToConfirm), "1..10", HitsToConfirm);
        Require(TimeToLive >= TimeSpan.FromMilliseconds(100) && TimeToLive <= TimeSpan.FromMinutes(1), nameof(TimeToLive), "0.1 s..1 min", TimeToLive);
        Require(PredictionHorizon >= TimeSpan.Zero && PredictionHorizon <= TimeSpan.FromSeconds(5), nameof(PredictionHorizon), "0..5 s", PredictionHorizon);
        Require(VelocitySmoothing is >= 0 and <= 1, nameof(VelocitySmoothing), "0..1", VelocitySmoothing);
        Require(VoteWindow is >= 1 and <= 100, nameof(VoteWindow), "1..100", VoteWindow);
        Require(FaceUpperFraction is >= 0.1f and <= 1, nameof(FaceUpperFraction), "0.1..1", FaceUpperFraction);
        Require(MaxIdentificationAttempts is >= 1 and <= 100, nameof(MaxIdentificationAttempts), "1..100", MaxIdentificationAttempts);
    }

    private static void Require(bool valid, string name, string range, object value)
    {
        if (!valid) throw new ArgumentOutOfRangeException(name, value, $"Tracker option {name} must be in {range}, got {value}.");
    }
}
