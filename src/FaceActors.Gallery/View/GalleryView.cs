using FaceActors.Gallery.Model;
using FaceActors.Recognition.Matching;

namespace FaceActors.Gallery.View;

/// <summary>
/// What the matcher sees of the gallery: the current embedder's samples only (embeddings from two models are
/// never compared). The gallery actor publishes each new state here; the list is rebuilt whole and swapped in
/// with one reference write, so a camera's stream reads it without a lock and never waits on the journal.
/// </summary>
public sealed class GalleryView(EmbedderId embedder) : IReferenceSource
{
    private IReadOnlyList<ReferenceEmbedding> _references = [];
    private IReadOnlyList<string> _needReenrolment = [];

    public EmbedderId Embedder { get; } = embedder;

    public IReadOnlyList<ReferenceEmbedding> References => Volatile.Read(ref _references);

    /// <summary>Identities with no sample from the current embedder: invisible to the matcher until re-embedded or re-enrolled.</summary>
    public IReadOnlyList<string> NeedReenrolment => Volatile.Read(ref _needReenrolment);

    /// <summary>Called by the gallery actor (one writer) after each change it has persisted.</summary>
    internal void Publish(GalleryState state)
    {
        // Unsorted: the matcher does not care about order, and sorting 10,000 names on every enrolment would.
        var references = state.Identities.Values
            .SelectMany(i => i.Samples.Where(s => s.Embedder == Embedder).Select(s => new ReferenceEmbedding(i.Name, s.Embedding, s.Source)))
            .ToList();
        var stale = state.ByName.Where(i => i.NeedsReenrolmentFor(Embedder)).Select(i => i.Name).ToList();
        Volatile.Write(ref _references, references.AsReadOnly());
        Volatile.Write(ref _needReenrolment, stale.AsReadOnly());
    }
}
