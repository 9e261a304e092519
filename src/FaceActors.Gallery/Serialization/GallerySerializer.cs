using System.Collections.Immutable;
using System.Runtime.InteropServices;
using Akka.Actor;
using Akka.Serialization;
using FaceActors.Gallery.Events;
using FaceActors.Gallery.Model;

namespace FaceActors.Gallery.Serialization;

/// <summary>
/// A compact binary form for the gallery's events and snapshots. Embeddings are raw little-endian floats,
/// which keeps a 10,000-identity snapshot a few megabytes and its recovery well under a second; a JSON
/// serializer would write every float as text. The manifest names the type; each payload starts with a
/// format version so the layout can change without losing old journals: version 2 added each identity's negatives to
/// the snapshot, and version 1 snapshots still read (with none).
/// </summary>
public sealed class GallerySerializer(ExtendedActorSystem system) : SerializerWithStringManifest(system)
{
    private const byte FormatVersion = 2;

    private const string Enrolled = "enrolled", Added = "samples-added", Removed = "sample-removed", Renamed = "renamed", Erased = "erased", Purged = "purged", Negative = "negative-added", State = "state";

    public override int Identifier => 4711;

    public override string Manifest(object o) => o switch
    {
        IdentityEnrolled => Enrolled,
        SamplesAdded => Added,
        SampleRemoved => Removed,
        IdentityRenamed => Renamed,
        IdentityErased => Erased,
        GalleryPurged => Purged,
        NegativeAdded => Negative,
        GalleryState => State,
        _ => throw new ArgumentException($"The gallery serializer cannot write {o.GetType()}.", nameof(o)),
    };

    public override byte[] ToBinary(object obj)
    {
        using var stream = new MemoryStream();
        using (var w = new BinaryWriter(stream))
        {
            w.Write(FormatVersion);
            switch (obj)
            {
                case IdentityEnrolled e: w.Write(e.IdentityId); w.Write(e.Name); WriteSamples(w, e.Samples); break;
                case SamplesAdded e: w.Write(e.IdentityId); WriteSamples(w, e.Samples); break;
                case SampleRemoved e: w.Write(e.IdentityId); w.Write(e.SampleId); break;
                case IdentityRenamed e: w.Write(e.IdentityId); w.Write(e.Name); break;
                case IdentityErased e: w.Write(e.IdentityId); break;
                case GalleryPurged e: w.Write(e.UpToSequenceNr); break;
                case NegativeAdded e: w.Write(e.IdentityId); WriteSamples(w, [e.Negative]); break;
                case GalleryState s:
                    w.Write(s.Identities.Count);
                    foreach (var identity in s.Identities.Values)
                    {
                        w.Write(identity.Id);
                        w.Write(identity.Name);
                        WriteSamples(w, identity.Samples);
                        WriteSamples(w, identity.Negatives);
                    }
                    break;
                default: throw new ArgumentException($"The gallery serializer cannot write {obj.GetType()}.", nameof(obj));
            }
        }
        return stream.ToArray();
    }

    /// <summary>
    /// An event, or a snapshot: a snapshot that does not read back whole comes back as <see cref="UnreadableSnapshot"/>,
    /// so the gallery can recover from the one before it instead of failing on it (an event that does not read fails).
    /// </summary>
    public override object FromBinary(byte[] bytes, string manifest)
    {
        if (manifest != State) return Read(bytes, manifest);
        try
        {
            return Read(bytes, manifest);
        }
        catch (Exception e) when (e is EndOfStreamException or IOException or NotSupportedException or ArgumentException or InvalidDataException or OverflowException or FormatException)
        {
            return new UnreadableSnapshot(e.Message);
        }
    }

    private static object Read(byte[] bytes, string manifest)
    {
        using var r = new BinaryReader(new MemoryStream(bytes));
        var version = r.ReadByte();
        if (version is < 1 or > FormatVersion) throw new NotSupportedException($"Gallery data format {version} is newer than this program reads ({FormatVersion}); update FaceActors.");
        return manifest switch
        {
            Enrolled => new IdentityEnrolled(r.ReadGuid(), r.ReadString(), ReadSamples(r)),
            Added => new SamplesAdded(r.ReadGuid(), ReadSamples(r)),
            Removed => new SampleRemoved(r.ReadGuid(), r.ReadGuid()),
            Renamed => new IdentityRenamed(r.ReadGuid(), r.ReadString()),
            Erased => new IdentityErased(r.ReadGuid()),
            Purged => new GalleryPurged(r.ReadInt64()),
            Negative => new NegativeAdded(r.ReadGuid(), ReadSamples(r) is [var negative] ? negative : throw new InvalidDataException("a negative event holds one sample")),
            State => ReadState(r, version),
            _ => throw new ArgumentException($"Unknown gallery manifest '{manifest}'.", nameof(manifest)),
        };
    }

    private static GalleryState ReadState(BinaryReader r, byte version)
    {
        var count = ReadCount(r, bytesEach: 16);
        var identities = ImmutableDictionary.CreateBuilder<Guid, GalleryIdentity>();
        for (var i = 0; i < count; i++)
        {
            var identity = new GalleryIdentity(r.ReadGuid(), r.ReadString(), ReadSamples(r).ToImmutableList());
            if (version >= 2) identity = identity with { Negatives = ReadSamples(r).ToImmutableList() };
            identities.Add(identity.Id, identity);
        }
        if (r.BaseStream.Position != r.BaseStream.Length) throw new InvalidDataException("bytes follow the last identity");
        return new GalleryState(identities.ToImmutable());
    }

    private static void WriteSamples(BinaryWriter w, IReadOnlyList<GallerySample> samples)
    {
        w.Write(samples.Count);
        foreach (var s in samples)
        {
            w.Write(s.Id);
            w.Write(s.Embedding.Length);
            w.Write(MemoryMarshal.AsBytes(s.Embedding.AsSpan()));
            w.Write(s.Embedder.Name);
            w.Write(s.Embedder.Sha256);
            w.Write(s.EnrolledAt.ToUnixTimeMilliseconds());
            w.Write(s.Quality.DetectorScore);
            w.Write(s.Quality.FaceSize);
            w.Write(s.Quality.Sharpness);
            w.Write(s.Source);
            w.Write(s.Image?.Length ?? -1);
            if (s.Image is not null) w.Write(s.Image);
        }
    }

    /// <summary>A count of items that take at least <paramref name="bytesEach"/> bytes, checked against the bytes left, so damaged data fails to read instead of asking for gigabytes.</summary>
    private static int ReadCount(BinaryReader r, int bytesEach)
    {
        var count = r.ReadInt32();
        var left = r.BaseStream.Length - r.BaseStream.Position;
        return count >= 0 && (long)count * bytesEach <= left ? count : throw new InvalidDataException($"a count of {count} does not fit the {left} bytes left");
    }

    private static GallerySample[] ReadSamples(BinaryReader r)
    {
        var samples = new GallerySample[ReadCount(r, bytesEach: 16)];
        for (var i = 0; i < samples.Length; i++)
        {
            var id = r.ReadGuid();
            var embedding = new float[ReadCount(r, bytesEach: sizeof(float))];
            r.BaseStream.ReadExactly(MemoryMarshal.AsBytes(embedding.AsSpan()));
            var embedder = new EmbedderId(r.ReadString(), r.ReadString());
            var at = DateTimeOffset.FromUnixTimeMilliseconds(r.ReadInt64());
            var quality = new SampleQuality(r.ReadSingle(), r.ReadSingle(), r.ReadSingle());
            var source = r.ReadString();
            var imageLength = r.ReadInt32();
            samples[i] = new GallerySample(id, embedding, embedder, at, quality, source, imageLength < 0 ? null : r.ReadBytes(imageLength));
        }
        return samples;
    }
}

internal static class GuidBinary
{
    public static void Write(this BinaryWriter w, Guid value) => w.Write(value.ToByteArray());

    public static Guid ReadGuid(this BinaryReader r) => new(r.ReadBytes(16));
}

/// <summary>A snapshot whose bytes do not read back as a gallery (a damaged row); the gallery recovers from the snapshot before it.</summary>
public sealed record UnreadableSnapshot(string Reason);
