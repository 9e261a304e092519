using System.Numerics.Tensors;

namespace FaceActors.Recognition.Matching;

/// <summary>
/// Names a face by its most similar reference embedding (cosine; every embedding is unit length, so a dot
/// product). An identity's score is its best reference, so one good enrolment photo is enough. A face nearer one of the
/// identity's negatives than that is not named (<see cref="NotThisPerson"/>).
/// </summary>
public sealed class CosineMatcher(IReferenceSource references, float threshold) : IFaceMatcher
{
    private readonly ReferenceMatrixCache _matrix = new(references);

    public float Threshold { get; } = threshold;

    public FaceMatch Match(ReadOnlySpan<float> embedding)
    {
        var matrix = _matrix.Current;
        if (matrix.Count == 0) return FaceMatch.Nobody;
        matrix.RequireDimension(embedding.Length);
        var (best, bestScore) = (0, float.NegativeInfinity);
        for (var i = 0; i < matrix.Count; i++)
        {
            var score = TensorPrimitives.Dot(matrix.Row(i), embedding);
            if (score > bestScore) (best, bestScore) = (i, score);
        }
        return NotThisPerson.Apply(FaceMatch.Decide(matrix.Identities[best], bestScore, Threshold), embedding, bestScore, references.Negatives);
    }
}
