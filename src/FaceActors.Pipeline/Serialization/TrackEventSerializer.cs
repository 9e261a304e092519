using Akka.Actor;
using Akka.Serialization;
using FaceActors.Pipeline.Tracking;
using FaceActors.Vision.Geometry;
using System.Runtime.Serialization;
using Google.Protobuf;

namespace FaceActors.Pipeline.Serialization;

/// <summary>
/// Track events on the wire, for the nodes of a cluster: Protocol Buffers by the schema in <c>track_events.proto</c>,
/// never reflection. The manifest names the event's kind with the same words as its JSON <c>type</c>.
/// </summary>
public sealed class TrackEventSerializer(ExtendedActorSystem system) : SerializerWithStringManifest(system)
{
    private const string Started = "track_started", Assigned = "identity_assigned", Changed = "identity_changed",
        Ended = "track_ended", Spoof = "spoof_suspected", Unknown = "face_unknown";

    /// <summary>The HOCON that binds every track event to this serializer.</summary>
    public const string Binding = """
        akka.actor {
          serializers.faceactors-track-events = "FaceActors.Pipeline.Serialization.TrackEventSerializer, FaceActors.Pipeline"
          serialization-bindings."FaceActors.Pipeline.Tracking.TrackEvent, FaceActors.Pipeline" = faceactors-track-events
        }
        """;

    public override int Identifier => 4712;

    public override string Manifest(object o) => o switch
    {
        TrackStarted => Started,
        IdentityAssigned => Assigned,
        IdentityChanged => Changed,
        TrackEnded => Ended,
        SpoofSuspected => Spoof,
        FaceUnknown => Unknown,
        _ => throw new ArgumentException($"The track event serializer cannot write {o.GetType()}.", nameof(o)),
    };

    public override byte[] ToBinary(object obj)
    {
        if (obj is not TrackEvent e) throw new ArgumentException($"The track event serializer cannot write {obj.GetType()}.", nameof(obj));
        var wire = new Wire.TrackEvent
        {
            CameraId = e.CameraId,
            TrackId = e.TrackId,
            Box = new Wire.Box { X1 = e.Box.X1, Y1 = e.Box.Y1, X2 = e.Box.X2, Y2 = e.Box.Y2 },
            AtUnixTicks = e.At.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks,
            AtOffsetMinutes = (int)e.At.Offset.TotalMinutes,
        };
        if (e.Persons is { } persons) wire.Persons = persons;
        if (e.Node is { } node) wire.Node = node;
        if (e is VoteEvent { Quality: { } quality }) wire.Quality = quality;
        switch (e)
        {
            case IdentityAssigned assigned:
                wire.Identity = assigned.Identity;
                wire.Score = assigned.Score;
                break;
            case IdentityChanged changed:
                if (changed.Previous is not null) wire.Previous = changed.Previous;
                if (changed.Identity is not null) wire.Identity = changed.Identity;
                wire.Score = changed.Score;
                break;
            case TrackEnded ended when ended.Identity is not null:
                wire.Identity = ended.Identity;
                break;
            case SpoofSuspected spoof:
                wire.Liveness = spoof.Liveness;
                break;
            case FaceUnknown unknown:
                wire.Score = unknown.Score;
                break;
        }
        return wire.ToByteArray();
    }

    public override object FromBinary(byte[] bytes, string manifest)
    {
        var wire = Wire.TrackEvent.Parser.ParseFrom(bytes);
        var box = new Box(wire.Box?.X1 ?? 0, wire.Box?.Y1 ?? 0, wire.Box?.X2 ?? 0, wire.Box?.Y2 ?? 0);
        var offset = TimeSpan.FromMinutes(wire.AtOffsetMinutes);
        var at = new DateTimeOffset(DateTimeOffset.UnixEpoch.UtcTicks + wire.AtUnixTicks + offset.Ticks, offset);
        var identity = wire.HasIdentity ? wire.Identity : null;
        TrackEvent e = manifest switch
        {
            Started => new TrackStarted(wire.CameraId, wire.TrackId, box, at),
            Assigned => new IdentityAssigned(wire.CameraId, wire.TrackId, box, at,
                identity ?? throw new SerializationException($"An {Assigned} event came without its identity."), wire.Score),
            Changed => new IdentityChanged(wire.CameraId, wire.TrackId, box, at, wire.HasPrevious ? wire.Previous : null, identity, wire.Score),
            Ended => new TrackEnded(wire.CameraId, wire.TrackId, box, at, identity),
            Spoof => new SpoofSuspected(wire.CameraId, wire.TrackId, box, at, wire.Liveness),
            Unknown => new FaceUnknown(wire.CameraId, wire.TrackId, box, at, wire.Score),
            _ => throw new SerializationException($"Unknown track event kind '{manifest}': a node of another version sent it."),
        };
        e = e with { Persons = wire.HasPersons ? wire.Persons : null, Node = wire.HasNode ? wire.Node : null };
        return e is VoteEvent vote && wire.HasQuality ? vote with { Quality = wire.Quality } : e;
    }
}
