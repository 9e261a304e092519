using FaceActors.Recognition.Matching;

namespace FaceActors.Recognition.Siamese;

/// <summary>
/// Names a face with the trained Siamese head. Cosine first keeps the <c>topK</c> nearest references (a
/// run of dot products over the packed matrix), then the head scores only those, in one batched ONNX call;
/// so the head's cost does not grow with the gallery, only the cosine pass does. The best head similarity
/// at or above the threshold names the face; otherwise it is unknown.
/// </summary>
public sealed class SiameseMatcher : IFaceMatcher
{
    private readonly IReferenceSource _references;
    private readonly ReferenceMatrixCache _matrix;
    private readonly OnnxSiameseHead _head;
    private readonly int _topK;
    private readonly Lock _turn = new();
    private readonly int[] _candidates;
    private readonly float[] _candidateScores;
    private float[] _cosines = [];

    /// <param name="head">Used by this matcher only (its buffers are guarded by the matcher's lock); the caller disposes it.</param>
    /// <param name="threshold">Head similarity, 0..1, that names a face (the calibrated one from training).</param>
    /// <param name="topK">How many of the nearest references by cosine the head scores. 1..1024.</param>
    public SiameseMatcher(IReferenceSource references, OnnxSiameseHead head, float threshold, int topK)
    {
        if (threshold is < 0 or > 1) throw new ArgumentOutOfRangeException(nameof(threshold), threshold, "The head's similarity is 0..1.");
        if (topK is < 1 or > 1024) throw new ArgumentOutOfRangeException(nameof(topK), topK, "Score 1..1024 references with the head.");
        (_references, _matrix, _head, Threshold, _topK) = (references, new ReferenceMatrixCache(references), head, threshold, topK);
        _candidates = new int[topK];
        _candidateScores = new float[topK];
    }

    public float Threshold { get; }

    public FaceMatch Match(ReadOnlySpan<float> embedding)
    {
        var matrix = _matrix.Current;
        if (matrix.Count == 0) return FaceMatch.Nobody;
        matrix.RequireDimension(embedding.Length);
        _head.RequireDimension(embedding.Length);
        // The buffers and the head's pinned tensors are reused by every call; cameras take turns (well under a millisecond each).
        lock (_turn)
        {
            if (_cosines.Length < matrix.Count) _cosines = new float[matrix.Count];
            var cosines = _cosines.AsSpan(0, matrix.Count);
            matrix.Cosines(embedding, cosines);
            var count = TopK(cosines, _candidates, _candidateScores);

            var rows = _head.References(count);
            for (var k = 0; k < count; k++) matrix.Row(_candidates[k]).CopyTo(rows.Slice(k * matrix.Dimension, matrix.Dimension));
            var similarities = _head.Score(embedding, count);
            var best = 0;
            for (var k = 1; k < count; k++)
                if (similarities[k] > similarities[best]) best = k;
            var identity = matrix.Identities[_candidates[best]];
            // "Not this person" compares cosines: the face's nearest reference of the identity against its negatives.
            var nearestReference = float.NegativeInfinity;
            for (var i = 0; i < matrix.Count; i++)
                if (matrix.Identities[i] == identity) nearestReference = MathF.Max(nearestReference, cosines[i]);
            return NotThisPerson.Apply(FaceMatch.Decide(identity, similarities[best], Threshold), embedding, nearestReference, _references.Negatives);
        }
    }

    /// <summary>
    /// The indices of the largest scores, best first, into <paramref name="indices"/> (its length is k); returns
    /// how many were found (fewer than k when there are fewer scores). An insertion into a short sorted list:
    /// most scores fall below the k-th best and cost one comparison.
    /// </summary>
    internal static int TopK(ReadOnlySpan<float> scores, Span<int> indices, Span<float> best)
    {
        var k = indices.Length;
        var count = 0;
        for (var i = 0; i < scores.Length; i++)
        {
            var score = scores[i];
            if (count == k && score <= best[k - 1]) continue;
            var at = count < k ? count++ : k - 1;
            while (at > 0 && best[at - 1] < score)
            {
                best[at] = best[at - 1];
                indices[at] = indices[at - 1];
                at--;
            }
            best[at] = score;
            indices[at] = i;
        }
        return count;
    }
}
