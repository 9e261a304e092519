using FaceActors.Pipeline.Actors;
using FaceActors.Recognition.Matching;
using FaceActors.Vision.Detection;

namespace FaceActors.Pipeline.Streams;

/// <summary>
/// Where the faces the gallery could not name, or named with little confidence, go to be reviewed (the face library),
/// with their aligned crop. Called on the camera's stream for each such face, so an implementation must be quick and
/// thread-safe: every camera offers at once.
/// </summary>
public interface IFaceReviewSink
{
    /// <summary>Whether a face the matcher made this of is one to review (asked before anything is kept).</summary>
    bool Wants(FaceMatch match);

    void Offer(string camera, DateTimeOffset at, FaceDetection detection, EmbeddedFace face, FaceMatch match);
}
