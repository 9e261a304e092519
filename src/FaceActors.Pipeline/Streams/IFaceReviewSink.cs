using FaceActors.Pipeline.Actors;
using FaceActors.Recognition.Matching;
using FaceActors.Vision.Detection;

namespace FaceActors.Pipeline.Streams;

/// <summary>
/// Where matched faces go for the face library, with their aligned crops: those the gallery could not name, or named
/// with little confidence, to be reviewed; the named ones, so that a recognition can be corrected ("not this person").
/// Called on the camera's stream for every matched face, so an implementation must be quick and thread-safe: every
/// camera offers at once.
/// </summary>
public interface IFaceReviewSink
{
    void Offer(string camera, DateTimeOffset at, FaceDetection detection, EmbeddedFace face, FaceMatch match);
}
