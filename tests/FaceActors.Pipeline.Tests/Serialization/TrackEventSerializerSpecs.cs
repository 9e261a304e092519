using System.Runtime.Serialization;
using Akka.Configuration;
using FaceActors.Pipeline.Serialization;
using FaceActors.Pipeline.Tracking;
using FaceActors.Vision.Geometry;

namespace FaceActors.Pipeline.Tests.Serialization;

public sealed class TrackEventSerializerSpecs() : Akka.TestKit.Xunit2.TestKit(ConfigurationFactory.ParseString(TrackEventSerializer.Binding))
{
    private static readonly Box Box = new(12.5f, 40.25f, 96f, 180.75f);
    private static readonly DateTimeOffset At = new DateTimeOffset(2026, 12, 5, 2, 51, 7, 123, TimeSpan.FromHours(1)).AddTicks(4567);

    public static TheoryData<TrackEvent> Events() =>
    [
        new TrackStarted("door", 1, Box, At),
        new TrackStarted("door", 2, Box, At) { Persons = 0 },
        new IdentityAssigned("door", 3, Box, At, "grace_hopper", 0.83f) { Persons = 2 },
        new IdentityAssigned("door", 9, Box, At, "grace_hopper", 0.83f) { Node = "10.0.0.12:4053" },
        new IdentityChanged("hall", long.MaxValue, Box, At, "grace_hopper", "alan_turing", 0.71f),
        new IdentityChanged("hall", 4, Box, At, null, "alan_turing", 0.5f),
        new IdentityChanged("hall", 5, Box, At, "alan_turing", null, 0f),
        new TrackEnded("hall", 6, Box, At, "alan_turing") { Persons = 1, Node = "10.0.0.11:4053" },
        new TrackEnded("hall", 7, Box, At, null),
        new SpoofSuspected("garage", 8, Box, At, 0.12f),
        new FaceUnknown("garage", 10, Box, At, 0.31f) { Persons = 1 },
        new FaceUnknown("garage", 11, Box, At, 0.31f) { Quality = 0.42f },
        new IdentityAssigned("door", 12, Box, At, "grace_hopper", 0.83f) { Quality = 0.9f },
        new IdentityChanged("hall", 13, Box, At, "grace_hopper", "alan_turing", 0.71f) { Quality = 0.55f },
    ];

    [Theory]
    [MemberData(nameof(Events))]
    public void Every_track_event_crosses_the_wire_unchanged_by_the_protobuf_serializer(TrackEvent e)
    {
        var serializer = Sys.Serialization.FindSerializerFor(e);
        Assert.IsType<TrackEventSerializer>(serializer);

        var bytes = serializer.ToBinary(e);
        var back = Sys.Serialization.Deserialize(bytes, serializer.Identifier, Akka.Serialization.Serialization.ManifestFor(serializer, e));

        Assert.Equal(e, back);
        Assert.Equal(e.At.Offset, ((TrackEvent)back).At.Offset);
    }

    [Fact]
    public void A_kind_this_node_does_not_know_is_refused_by_name()
    {
        var serializer = (TrackEventSerializer)Sys.Serialization.FindSerializerFor(new TrackStarted("door", 1, Box, At));
        var bytes = serializer.ToBinary(new TrackStarted("door", 1, Box, At));

        var error = Assert.Throws<SerializationException>(() => serializer.FromBinary(bytes, "person_waved"));
        Assert.Contains("'person_waved'", error.Message);
    }
}
