namespace FaceActors.Recognition.Matching;

/// <summary>
/// The references of <paramref name="preferred"/> while it holds any, else those of <paramref name="fallback"/>; read
/// per face, so a live gallery that gains its first identity (or loses its last) takes over (or hands back) at the next
/// face. The lists themselves are passed through, so a matcher's packing of either is kept between faces.
/// </summary>
public sealed class FallbackReferences(IReferenceSource preferred, IReferenceSource fallback) : IReferenceSource
{
    public IReadOnlyList<ReferenceEmbedding> References => preferred.References is { Count: > 0 } references ? references : fallback.References;

    public IReadOnlyList<ReferenceEmbedding> Negatives => preferred.References.Count > 0 ? preferred.Negatives : fallback.Negatives;
}
