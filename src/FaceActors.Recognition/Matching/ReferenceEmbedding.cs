namespace FaceActors.Recognition.Matching;

/// <summary>A unit-length embedding of one enrolled photo of an identity.</summary>
public sealed record ReferenceEmbedding(string Identity, float[] Embedding, string Source);

/// <summary>
/// The result of matching one face: the best identity when its similarity reaches the threshold,
/// otherwise unknown (with the nearest identity kept for diagnostics).
/// </summary>
public sealed record FaceMatch(string? Identity, float Score, string? Nearest)
{
    public bool IsKnown => Identity is not null;
    public string Label => Identity ?? "unknown";
}
