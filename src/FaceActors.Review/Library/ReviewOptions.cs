using FaceActors.Gallery.Enrolment;

namespace FaceActors.Review.Library;

/// <summary>What the face library keeps for review (faceactors.review).</summary>
/// <param name="MaxFaces">Faces kept at most; past it the oldest go.</param>
/// <param name="Retention">A face older than this goes.</param>
/// <param name="KeepNamedBelow">A named face whose match score is below this is kept too (a doubtful name); -1 keeps only unknown faces.</param>
/// <param name="ClusterSimilarity">Cosine similarity to a group's centroid at or above which a face joins it.</param>
/// <param name="Quality">The enrolment gate's size, sharpness and detector thresholds: only a face that could be enrolled is kept.</param>
/// <param name="BestFaces">Faces a group shows, the best first; naming a group enrols this many of its best.</param>
/// <param name="Store">Whether the kept faces are in the database too (faceactors.review.store), to outlive a restart.</param>
public sealed record ReviewOptions(int MaxFaces, TimeSpan Retention, float KeepNamedBelow, float ClusterSimilarity, QualityThresholds Quality, int BestFaces = 6,
    bool Store = false);
