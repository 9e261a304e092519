using FaceActors.Gallery.Model;
using FaceActors.Recognition.Matching;

namespace FaceActors.Gallery.View;

/// <summary>
/// What the matcher sees of the gallery: the current embedder's samples only (embeddings from two models are
/// never compared). Each new state is published here with the journal position it is as of, by the gallery actor of
/// this process as it writes and by the <see cref="GalleryFollower"/> as it reads what any writer wrote; an older
/// state than the one shown is ignored, so the two never take the view back. The list is rebuilt whole and swapped in
/// with one reference write, so a camera's stream reads it without a lock and never waits on the journal.
/// </summary>
public sealed class GalleryView(EmbedderId embedder) : IReferenceSource
{
    private IReadOnlyList<ReferenceEmbedding> _references = [];
    private IReadOnlyList<ReferenceEmbedding> _negatives = [];
    private IReadOnlyList<string> _needReenrolment = [];
    private readonly Lock _publishing = new();
    private long _sequenceNr = -1;

    public EmbedderId Embedder { get; } = embedder;

    public IReadOnlyList<ReferenceEmbedding> References => Volatile.Read(ref _references);

    /// <summary>The current embedder's "not this person" faces, each labelled with the identity it is not.</summary>
    public IReadOnlyList<ReferenceEmbedding> Negatives => Volatile.Read(ref _negatives);

    /// <summary>Identities with no sample from the current embedder: invisible to the matcher until re-embedded or re-enrolled.</summary>
    public IReadOnlyList<string> NeedReenrolment => Volatile.Read(ref _needReenrolment);

    /// <summary>The state as of the journal's event <paramref name="sequenceNr"/>, unless the view already shows that one or a later one.</summary>
    internal void Publish(GalleryState state, long sequenceNr)
    {
        lock (_publishing)
        {
            if (sequenceNr <= _sequenceNr) return;
            _sequenceNr = sequenceNr;
            Show(state);
        }
    }

    private void Show(GalleryState state)
    {
        // Unsorted: the matcher does not care about order, and sorting 10,000 names on every enrolment would.
        var references = state.Identities.Values
            .SelectMany(i => i.Samples.Where(s => s.Embedder == Embedder).Select(s => new ReferenceEmbedding(i.Name, s.Embedding, s.Source)))
            .ToList();
        var negatives = state.Identities.Values
            .SelectMany(i => i.Negatives.Where(s => s.Embedder == Embedder).Select(s => new ReferenceEmbedding(i.Name, s.Embedding, s.Source)))
            .ToList();
        var stale = state.ByName.Where(i => i.NeedsReenrolmentFor(Embedder)).Select(i => i.Name).ToList();
        Volatile.Write(ref _negatives, negatives.AsReadOnly());
        Volatile.Write(ref _references, references.AsReadOnly());
        Volatile.Write(ref _needReenrolment, stale.AsReadOnly());
    }
}
