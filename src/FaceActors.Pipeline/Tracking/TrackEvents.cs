using FaceActors.Vision.Geometry;

namespace FaceActors.Pipeline.Tracking;

/// <summary>What the tracker tells the world about one camera's tracks. Each carries camera, track, box and time.</summary>
public abstract record TrackEvent(string CameraId, long TrackId, Box Box, DateTimeOffset At)
{
    /// <summary>How many people the person detector last counted on the camera; null while it has not run (or there is none).</summary>
    public int? Persons { get; init; }

    /// <summary>The cluster node that runs the camera (its host:port); null in a single process.</summary>
    public string? Node { get; init; }
}

/// <summary>A track was confirmed (seen for long enough to be a person, not detector noise).</summary>
public sealed record TrackStarted(string CameraId, long TrackId, Box Box, DateTimeOffset At) : TrackEvent(CameraId, TrackId, Box, At);

/// <summary>What a track's faces voted for (a name, another name, a stranger), with how fit those faces were.</summary>
public abstract record VoteEvent(string CameraId, long TrackId, Box Box, DateTimeOffset At) : TrackEvent(CameraId, TrackId, Box, At)
{
    /// <summary>The mean quality (0..1: size, sharpness, detector score, frontality) of the faces that voted for this; null when none did.</summary>
    public float? Quality { get; init; }
}

/// <summary>A track without a name got one.</summary>
public sealed record IdentityAssigned(string CameraId, long TrackId, Box Box, DateTimeOffset At, string Identity, float Score)
    : VoteEvent(CameraId, TrackId, Box, At);

/// <summary>The vote over recent observations now names someone else (or nobody, on a tie).</summary>
public sealed record IdentityChanged(string CameraId, long TrackId, Box Box, DateTimeOffset At, string? Previous, string? Identity, float Score)
    : VoteEvent(CameraId, TrackId, Box, At);

/// <summary>
/// A confirmed track's faces vote for nobody in the gallery: a stranger, so far. Said once per track, and only while it
/// has no name; <paramref name="Score"/> is the weighted mean similarity of its unknown faces to their nearest reference.
/// </summary>
public sealed record FaceUnknown(string CameraId, long TrackId, Box Box, DateTimeOffset At, float Score)
    : VoteEvent(CameraId, TrackId, Box, At);

/// <summary>The track was not seen for its time to live.</summary>
public sealed record TrackEnded(string CameraId, long TrackId, Box Box, DateTimeOffset At, string? Identity)
    : TrackEvent(CameraId, TrackId, Box, At);

/// <summary>A face on the track scored below the liveness threshold (a photo or screen held up, perhaps): it is not named.</summary>
public sealed record SpoofSuspected(string CameraId, long TrackId, Box Box, DateTimeOffset At, float Liveness)
    : TrackEvent(CameraId, TrackId, Box, At);
