using System.Collections.Immutable;
using FaceActors.Gallery.Events;

namespace FaceActors.Gallery.Model;

/// <summary>An enrolled person: a stable id (events refer to it, so a rename or an erase carries no embedding), a name and the samples.</summary>
public sealed record GalleryIdentity(Guid Id, string Name, ImmutableList<GallerySample> Samples)
{
    /// <summary>Faces once taken for this person that are not them ("not this person").</summary>
    public ImmutableList<GallerySample> Negatives { get; init; } = [];

    /// <summary>Samples made by an embedder other than <paramref name="current"/>; the matcher never sees them.</summary>
    public IEnumerable<GallerySample> StaleFor(EmbedderId current) => Samples.Where(s => s.Embedder != current);

    public bool NeedsReenrolmentFor(EmbedderId current) => Samples.All(s => s.Embedder != current);
}

/// <summary>
/// The gallery as the events left it. Immutable: the actor replaces it on every event, so a reader (the view,
/// a listing, a snapshot being written) never sees it change under it.
/// </summary>
public sealed record GalleryState(ImmutableDictionary<Guid, GalleryIdentity> Identities)
{
    public static GalleryState Empty { get; } = new(ImmutableDictionary<Guid, GalleryIdentity>.Empty);

    /// <summary>Names compare case-insensitively, so "Alice" and "alice" cannot be two people.</summary>
    public GalleryIdentity? Find(string name) =>
        Identities.Values.FirstOrDefault(i => string.Equals(i.Name, name, StringComparison.OrdinalIgnoreCase));

    public IEnumerable<GalleryIdentity> ByName => Identities.Values.OrderBy(i => i.Name, StringComparer.OrdinalIgnoreCase);

    public GalleryState Apply(IGalleryEvent change) => change switch
    {
        IdentityEnrolled e => new(Identities.Add(e.IdentityId, new GalleryIdentity(e.IdentityId, e.Name, e.Samples.ToImmutableList()))),
        SamplesAdded e => Update(e.IdentityId, i => i with { Samples = i.Samples.AddRange(e.Samples) }),
        SampleRemoved e => Update(e.IdentityId, i => i with { Samples = i.Samples.RemoveAll(s => s.Id == e.SampleId) }),
        IdentityRenamed e => Update(e.IdentityId, i => i with { Name = e.Name }),
        NegativeAdded e => Update(e.IdentityId, i => i with { Negatives = i.Negatives.Add(e.Negative) }),
        IdentityErased e => new(Identities.Remove(e.IdentityId)),
        GalleryPurged => this,
        _ => throw new ArgumentOutOfRangeException(nameof(change), change.GetType().Name, "Not a gallery event."),
    };

    private GalleryState Update(Guid id, Func<GalleryIdentity, GalleryIdentity> change) => new(Identities.SetItem(id, change(Identities[id])));
}
