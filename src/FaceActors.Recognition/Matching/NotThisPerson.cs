using System.Numerics.Tensors;

namespace FaceActors.Recognition.Matching;

/// <summary>
/// The rule that makes "not this person" stick: a face is not given an identity's name when it is nearer (cosine) to
/// one of that identity's negatives than to its nearest reference of that identity. The face was mistaken for them
/// once; a face like it is as likely the same stranger, so it stays unknown, while the identity's own faces, nearer
/// their references, are still named. Every matcher applies it to the name it would give.
/// </summary>
public static class NotThisPerson
{
    /// <param name="nearestReference">The face's best cosine to a reference of <paramref name="match"/>'s identity.</param>
    public static FaceMatch Apply(FaceMatch match, ReadOnlySpan<float> face, float nearestReference, IReadOnlyList<ReferenceEmbedding> negatives)
    {
        if (match.Identity is not { } identity || negatives.Count == 0) return match;
        foreach (var negative in negatives)
        {
            if (negative.Identity != identity || negative.Embedding.Length != face.Length) continue;
            if (TensorPrimitives.Dot(negative.Embedding, face) > nearestReference) return match with { Identity = null };
        }
        return match;
    }
}
