namespace FaceActors.Recognition.Matching;

/// <summary>
/// The reference embeddings a matcher compares faces with. A live gallery replaces the whole list on each change
/// and never mutates one it has handed out, so a matcher may cache work (a packed matrix) per list instance.
/// </summary>
public interface IReferenceSource
{
    IReadOnlyList<ReferenceEmbedding> References { get; }

    /// <summary>
    /// Faces once taken for an identity that are not them ("not this person"), each labelled with the identity it is
    /// not. A face nearer one of them than any reference of that identity is not given the name (<see cref="NotThisPerson"/>).
    /// </summary>
    IReadOnlyList<ReferenceEmbedding> Negatives => [];
}
