namespace FaceActors.Recognition.Matching;

/// <summary>
/// Names a face from its embedding against the current references: the best reference whose similarity
/// reaches <see cref="Threshold"/>, otherwise unknown. Safe to call from several cameras at once.
/// </summary>
public interface IFaceMatcher
{
    /// <summary>The similarity a face needs to take a name, on this matcher's own scale (cosine -1..1, a head's 0..1).</summary>
    float Threshold { get; }

    /// <exception cref="ArgumentException">The face's embedding length differs from the references'.</exception>
    FaceMatch Match(ReadOnlySpan<float> embedding);
}
