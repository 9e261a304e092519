using FaceActors.Vision.Geometry;

namespace FaceActors.Pipeline.Tracking;

/// <summary>One person (or, without a person detector, one face) followed over frames: where it is, whether it has
/// been seen often enough to be real, and the name its faces vote for.</summary>
internal sealed class Track
{
    private readonly TrackMotion _motion;
    private readonly IdentityVote _vote;

    public Track(long id, Box box, DateTimeOffset at, TrackerOptions options)
    {
        Id = id;
        Box = box;
        _motion = new TrackMotion(box, at, options.VelocitySmoothing, options.PredictionHorizon);
        _vote = new IdentityVote(options.VoteWindow);
    }

    public long Id { get; }

    /// <summary>Where the track is at the frame being processed: its detection, or the prediction when it had none.</summary>
    public Box Box { get; private set; }

    public int Hits { get; private set; } = 1;
    public bool Confirmed { get; set; }

    /// <summary>The name last announced for this track (null: none yet, or the vote no longer names anyone).</summary>
    public string? Identity { get; set; }

    /// <summary>Faces attached to this track that the matcher did not know.</summary>
    public int UnknownFaces { get; private set; }

    public DateTimeOffset LastSeenAt => _motion.LastSeenAt;
    public Box LastSeenBox => _motion.LastBox;

    public void PredictTo(DateTimeOffset at) => Box = _motion.PredictAt(at);

    public void Observe(Box box, DateTimeOffset at)
    {
        _motion.Observe(box, at);
        Box = box;
        Hits++;
    }

    /// <summary>Whether faces arrived since the vote was last counted (most frames bring none, and need no recount).</summary>
    public bool HasUncountedBallots { get; private set; }

    /// <summary>The liveness of the first face suspected to be a spoof, until it is announced; null when there is none.</summary>
    public float? SpoofLiveness { get; private set; }

    /// <summary>Whether this track's suspected spoof was announced (once per track).</summary>
    public bool SpoofAnnounced { get; set; }

    /// <summary>
    /// A face's ballot weighs its quality (size, sharpness, detector score, frontality), so a big, sharp, frontal face
    /// outvotes small, blurred or turned-away ones. A face suspected to be a spoof casts none: it is never named, only reported.
    /// </summary>
    public void AddFace(RecognizedFace face)
    {
        if (face.Liveness is { SpoofSuspected: true } verdict)
        {
            SpoofLiveness ??= verdict.Score;
            return;
        }
        _vote.Add(face.Match.Identity, face.Quality.Score, face.Match.Score);
        if (face.Match.Identity is null) UnknownFaces++;
        HasUncountedBallots = true;
    }

    /// <summary>Whether this track's stranger was announced (once per track).</summary>
    public bool UnknownAnnounced { get; set; }

    public VoteResult CountVote()
    {
        HasUncountedBallots = false;
        return _vote.Result();
    }
}
