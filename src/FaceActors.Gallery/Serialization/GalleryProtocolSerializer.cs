using System.Runtime.Serialization;
using Akka.Actor;
using Akka.Serialization;
using FaceActors.Gallery.Actors;
using FaceActors.Gallery.Model;
using Google.Protobuf;

namespace FaceActors.Gallery.Serialization;

/// <summary>
/// The gallery's commands and replies on the wire, for a cluster whose gallery runs on one node: Protocol Buffers by the
/// schema in <c>gallery_protocol.proto</c>, never reflection. The manifest names the message.
/// </summary>
public sealed class GalleryProtocolSerializer(ExtendedActorSystem system) : SerializerWithStringManifest(system)
{
    private const string EnrollKind = "enroll", EnrolledKind = "enrolled", ReplaceKind = "replace-samples", ReplacedKind = "samples-replaced",
        RenameKind = "rename", RenamedKind = "renamed", EraseKind = "erase", ErasedKind = "erased", GetKind = "get-gallery",
        RefusedKind = "refused", FailedKind = "failed", AddNegativesKind = "add-negatives", NegativesAddedKind = "negatives-added";

    /// <summary>The HOCON that binds every message of the gallery's protocol to this serializer.</summary>
    public const string Binding = """
        akka.actor {
          serializers.faceactors-gallery-protocol = "FaceActors.Gallery.Serialization.GalleryProtocolSerializer, FaceActors.Gallery"
          serialization-bindings {
            "FaceActors.Gallery.Actors.IGalleryCommand, FaceActors.Gallery" = faceactors-gallery-protocol
            "FaceActors.Gallery.Actors.Enrolled, FaceActors.Gallery" = faceactors-gallery-protocol
            "FaceActors.Gallery.Actors.SamplesReplaced, FaceActors.Gallery" = faceactors-gallery-protocol
            "FaceActors.Gallery.Actors.Renamed, FaceActors.Gallery" = faceactors-gallery-protocol
            "FaceActors.Gallery.Actors.Erased, FaceActors.Gallery" = faceactors-gallery-protocol
            "FaceActors.Gallery.Actors.NegativesAdded, FaceActors.Gallery" = faceactors-gallery-protocol
            "FaceActors.Gallery.Actors.GalleryRefused, FaceActors.Gallery" = faceactors-gallery-protocol
            "FaceActors.Gallery.Actors.GalleryFailed, FaceActors.Gallery" = faceactors-gallery-protocol
          }
        }
        """;

    public override int Identifier => 4714;

    public override string Manifest(object o) => o switch
    {
        Enroll => EnrollKind,
        Enrolled => EnrolledKind,
        ReplaceSamples => ReplaceKind,
        SamplesReplaced => ReplacedKind,
        Rename => RenameKind,
        Renamed => RenamedKind,
        Erase => EraseKind,
        Erased => ErasedKind,
        GetGallery => GetKind,
        AddNegatives => AddNegativesKind,
        NegativesAdded => NegativesAddedKind,
        GalleryRefused => RefusedKind,
        GalleryFailed => FailedKind,
        _ => throw new ArgumentException($"The gallery protocol serializer cannot write {o.GetType()}.", nameof(o)),
    };

    public override byte[] ToBinary(object obj) => (obj switch
    {
        Enroll e => (IMessage)new Wire.Enroll { Name = e.Name, Samples = { e.Samples.Select(ToWire) }, AddToExisting = e.AddToExisting },
        Enrolled e => new Wire.Enrolled { Name = e.Name, NewIdentity = e.NewIdentity, SamplesAdded = e.SamplesAdded, Duplicates = { e.Duplicates } },
        ReplaceSamples r => new Wire.ReplaceSamples { Name = r.Name, Add = { r.Add.Select(ToWire) }, Remove = { r.Remove.Select(id => ByteString.CopyFrom(id.ToByteArray())) } },
        SamplesReplaced r => new Wire.SamplesReplaced { Name = r.Name, Added = r.Added, Removed = r.Removed },
        Rename r => new Wire.Renaming { Name = r.Name, NewName = r.NewName },
        Renamed r => new Wire.Renaming { Name = r.Name, NewName = r.NewName },
        Erase e => new Wire.Text { Value = e.Name },
        Erased e => new Wire.Text { Value = e.Name },
        GetGallery => new Wire.Text(),
        AddNegatives a => new Wire.AddNegatives { Name = a.Name, Negatives = { a.Negatives.Select(ToWire) } },
        NegativesAdded n => new Wire.NegativesAdded { Name = n.Name, Added = n.Added, Negatives = n.Negatives },
        GalleryRefused r => new Wire.Text { Value = r.Reason },
        GalleryFailed f => new Wire.Text { Value = f.Reason },
        _ => throw new ArgumentException($"The gallery protocol serializer cannot write {obj.GetType()}.", nameof(obj)),
    }).ToByteArray();

    public override object FromBinary(byte[] bytes, string manifest)
    {
        switch (manifest)
        {
            case EnrollKind:
                var enroll = Wire.Enroll.Parser.ParseFrom(bytes);
                return new Enroll(enroll.Name, enroll.Samples.Select(FromWire).ToList(), enroll.AddToExisting);
            case EnrolledKind:
                var enrolled = Wire.Enrolled.Parser.ParseFrom(bytes);
                return new Enrolled(enrolled.Name, enrolled.NewIdentity, enrolled.SamplesAdded, enrolled.Duplicates.ToList());
            case ReplaceKind:
                var replace = Wire.ReplaceSamples.Parser.ParseFrom(bytes);
                return new ReplaceSamples(replace.Name, replace.Add.Select(FromWire).ToList(), replace.Remove.Select(id => new Guid(id.Span)).ToList());
            case ReplacedKind:
                var replaced = Wire.SamplesReplaced.Parser.ParseFrom(bytes);
                return new SamplesReplaced(replaced.Name, replaced.Added, replaced.Removed);
            case RenameKind or RenamedKind:
                var renaming = Wire.Renaming.Parser.ParseFrom(bytes);
                return manifest == RenameKind ? new Rename(renaming.Name, renaming.NewName) : new Renamed(renaming.Name, renaming.NewName);
            case GetKind:
                return GetGallery.Instance;
            case AddNegativesKind:
                var add = Wire.AddNegatives.Parser.ParseFrom(bytes);
                return new AddNegatives(add.Name, add.Negatives.Select(FromWire).ToList());
            case NegativesAddedKind:
                var added = Wire.NegativesAdded.Parser.ParseFrom(bytes);
                return new NegativesAdded(added.Name, added.Added, added.Negatives);
        }
        var text = Wire.Text.Parser.ParseFrom(bytes).Value;
        return manifest switch
        {
            EraseKind => new Erase(text),
            ErasedKind => new Erased(text),
            RefusedKind => new GalleryRefused(text),
            FailedKind => new GalleryFailed(text),
            _ => throw new SerializationException($"Unknown gallery message '{manifest}': a node of another version sent it."),
        };
    }

    private static Wire.Sample ToWire(GallerySample sample)
    {
        var wire = new Wire.Sample
        {
            Id = ByteString.CopyFrom(sample.Id.ToByteArray()),
            Embedding = { sample.Embedding },
            EmbedderName = sample.Embedder.Name,
            EmbedderSha256 = sample.Embedder.Sha256,
            EnrolledAtUnixMs = sample.EnrolledAt.ToUnixTimeMilliseconds(),
            DetectorScore = sample.Quality.DetectorScore,
            FaceSize = sample.Quality.FaceSize,
            Sharpness = sample.Quality.Sharpness,
            Source = sample.Source,
        };
        if (sample.Image is not null) wire.Image = ByteString.CopyFrom(sample.Image);
        return wire;
    }

    private static GallerySample FromWire(Wire.Sample wire) => new(new Guid(wire.Id.Span), [.. wire.Embedding],
        new EmbedderId(wire.EmbedderName, wire.EmbedderSha256), DateTimeOffset.FromUnixTimeMilliseconds(wire.EnrolledAtUnixMs),
        new SampleQuality(wire.DetectorScore, wire.FaceSize, wire.Sharpness), wire.Source, wire.HasImage ? wire.Image.ToByteArray() : null);
}
