namespace FaceActors.Recognition.Matching;

/// <summary>
/// Names a face by its most similar reference embedding (cosine; every embedding is unit length, so a dot
/// product). An identity's score is its best reference, so one good enrolment photo is enough.
/// </summary>
public sealed class CosineMatcher(IReadOnlyList<ReferenceEmbedding> references, float threshold)
{
    public float Threshold { get; } = threshold;

    public FaceMatch Match(ReadOnlySpan<float> embedding)
    {
        if (references.Count == 0) return new FaceMatch(null, 0, null);
        var bestScore = float.NegativeInfinity;
        ReferenceEmbedding? best = null;
        foreach (var reference in references)
        {
            if (reference.Embedding.Length != embedding.Length)
                throw new ArgumentException(
                    $"The gallery's embeddings have {reference.Embedding.Length} values but this face's has {embedding.Length}: they come from different embedders. Re-enrol the gallery with the configured embedder.");
            var score = System.Numerics.Tensors.TensorPrimitives.Dot(reference.Embedding, embedding);
            if (score > bestScore) (bestScore, best) = (score, reference);
        }
        return bestScore >= Threshold
            ? new FaceMatch(best!.Identity, bestScore, best.Identity)
            : new FaceMatch(null, bestScore, best!.Identity);
    }
}
