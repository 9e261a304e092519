using FaceActors.Pipeline.Tracking;

namespace FaceActors.RecognitionLog;

/// <summary>
/// One recognition as the log keeps it: a track on a camera was named (or lost its name: <see cref="Identity"/> null),
/// with the vote's score and the mean quality of the faces that voted (null for a lost name, and in rows written before
/// the log kept it), at the frame's capture time.
/// </summary>
public sealed record RecognitionRecord(string CameraId, long TrackId, string? Identity, float Score, DateTimeOffset At, float? Quality = null)
{
    /// <summary>The recognition a tracker event reports, if it reports one (a track's start and end do not).</summary>
    public static RecognitionRecord? From(TrackEvent trackEvent) => trackEvent switch
    {
        IdentityAssigned e => new RecognitionRecord(e.CameraId, e.TrackId, e.Identity, e.Score, e.At, e.Quality),
        IdentityChanged e => new RecognitionRecord(e.CameraId, e.TrackId, e.Identity, e.Score, e.At, e.Quality),
        _ => null,
    };
}

/// <summary>Which recognitions to read back: every filter that is set must hold; oldest first, at most <see cref="Limit"/>.</summary>
public sealed record RecognitionQuery(string? CameraId = null, string? Identity = null, DateTimeOffset? Since = null, int Limit = 1000);
