using System.Text.Json;
using Akka.Configuration;
using FaceActors.Gallery.Actors;
using FaceActors.Gallery.Serialization;

namespace FaceActors.Gallery.Tests.Serialization;

public sealed class GalleryProtocolSerializerSpecs() : Akka.TestKit.Xunit2.TestKit(ConfigurationFactory.ParseString(GalleryProtocolSerializer.Binding))
{
    private static readonly Random Random = new(11);

    public static TheoryData<object> Messages() =>
    [
        new Enroll("grace_hopper", [Sample(source: "a.jpg"), Sample(Samples.OtherEmbedder, "b.jpg", image: [1, 2, 3])], false),
        new Enroll("alan", [Sample()], AddToExisting: true),
        new Enrolled("grace_hopper", NewIdentity: true, SamplesAdded: 2, Duplicates: ["c.jpg", "d.jpg"]),
        new Enrolled("alan", NewIdentity: false, SamplesAdded: 0, Duplicates: []),
        new ReplaceSamples("alan", [Sample()], [Guid.NewGuid(), Guid.NewGuid()]),
        new ReplaceSamples("alan", [], []),
        new SamplesReplaced("alan", 1, 2),
        new Rename("alan", "alan turing"),
        new Renamed("alan", "alan turing"),
        new Erase("alan turing"),
        new Erased("alan turing"),
        GetGallery.Instance,
        new AddNegatives("alan", [Sample(source: "camera door at 2026-12-05T07:00:00Z")]),
        new NegativesAdded("alan", 1, 3),
        new GalleryRefused("'alan' is not enrolled"),
        new GalleryFailed("The enrolment of 'alan' was not saved: the store is away."),
    ];

    /// <summary>A sample enrolled at a whole millisecond: enrolment times travel in milliseconds, as the journal keeps them.</summary>
    private static Model.GallerySample Sample(Model.EmbedderId? embedder = null, string source = "photo.jpg", byte[]? image = null) =>
        Samples.Of(Samples.UnitVector(Random, 192), embedder, source, image) with { EnrolledAt = DateTimeOffset.FromUnixTimeMilliseconds(1_796_000_000_123) };

    [Theory]
    [MemberData(nameof(Messages))]
    public void Every_gallery_command_and_reply_crosses_the_wire_unchanged_by_the_protobuf_serializer(object message)
    {
        var serializer = Sys.Serialization.FindSerializerFor(message);
        Assert.IsType<GalleryProtocolSerializer>(serializer);

        var bytes = serializer.ToBinary(message);
        var back = Sys.Serialization.Deserialize(bytes, serializer.Identifier, Akka.Serialization.Serialization.ManifestFor(serializer, message));

        Assert.Equal(message.GetType(), back.GetType());
        // Records holding lists and arrays compare those by reference; their JSON compares what they hold.
        Assert.Equal(JsonSerializer.Serialize(message, message.GetType()), JsonSerializer.Serialize(back, back.GetType()));
    }

    [Fact]
    public void A_message_kind_this_version_does_not_know_is_refused_with_the_reason()
    {
        var serializer = (GalleryProtocolSerializer)Sys.Serialization.FindSerializerFor(GetGallery.Instance);

        var refused = Assert.Throws<System.Runtime.Serialization.SerializationException>(() => serializer.FromBinary([], "forget-everyone"));

        Assert.Contains("another version", refused.Message);
    }
}
