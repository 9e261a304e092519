namespace FaceActors.Recognition.Matching;

/// <summary>A unit-length embedding of one enrolled photo of an identity.</summary>
public sealed record ReferenceEmbedding(string Identity, float[] Embedding, string Source);

/// <summary>
/// The result of matching one face: the best identity when its similarity reaches the threshold,
/// otherwise unknown (with the nearest identity kept for diagnostics).
/// </summary>
public sealed record FaceMatch(string? Identity, float Score, string? Nearest)
{
    /// <summary>No name and no candidate: an empty gallery's answer, and a face that was not matched (a suspected spoof).</summary>
    public static FaceMatch Nobody { get; } = new(null, 0, null);

    public bool IsKnown => Identity is not null;
    public string Label => Identity ?? "unknown";

    /// <summary>The best candidate names the face when its score reaches the threshold; otherwise it is only the nearest.</summary>
    public static FaceMatch Decide(string best, float score, float threshold) =>
        score >= threshold ? new FaceMatch(best, score, best) : new FaceMatch(null, score, best);
}
