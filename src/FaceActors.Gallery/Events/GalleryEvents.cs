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

/// <summary>
/// A face that was taken for the identity and is not them ("not this person"): the matcher no longer gives the name to
/// a face nearer this negative than the identity's samples. Erased with the identity.
/// </summary>
public sealed record NegativeAdded(Guid IdentityId, GallerySample Negative) : IGalleryEvent;

/// <summary>Carries only the id: this event outlives the purge of the identity's other events (see GalleryActor), so it must hold nothing personal.</summary>
public sealed record IdentityErased(Guid IdentityId) : IGalleryEvent;

/// <summary>
/// The journal's events up to <paramref name="UpToSequenceNr"/> were deleted (a purge after a snapshot). It changes
/// nothing in the gallery; it tells a follower that reads the journal as it grows, and may have missed events deleted
/// before it read them (an erasure is purged within milliseconds), to reload from the snapshot.
/// </summary>
public sealed record GalleryPurged(long UpToSequenceNr) : IGalleryEvent;
