using FaceActors.Gallery.Model;

namespace FaceActors.Gallery.Events;

/// <summary>What the gallery journals. Each event is written whole or not at all, so a crash leaves no half-enrolled identity.</summary>
public interface IGalleryEvent;

/// <summary>A new identity with its first samples, in one event so it appears complete or not at all.</summary>
public sealed record IdentityEnrolled(Guid IdentityId, string Name, IReadOnlyList<GallerySample> Samples) : IGalleryEvent;

/// <summary>More samples of an existing identity (`enroll --add`, or re-embedded ones), written together.</summary>
public sealed record SamplesAdded(Guid IdentityId, IReadOnlyList<GallerySample> Samples) : IGalleryEvent;

public sealed record SampleRemoved(Guid IdentityId, Guid SampleId) : IGalleryEvent;

public sealed record IdentityRenamed(Guid IdentityId, string Name) : IGalleryEvent;

/// <summary>Carries only the id: this event outlives the purge of the identity's other events (see GalleryActor), so it must hold nothing personal.</summary>
public sealed record IdentityErased(Guid IdentityId) : IGalleryEvent;
