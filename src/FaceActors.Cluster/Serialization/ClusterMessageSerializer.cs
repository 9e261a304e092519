using System.Runtime.Serialization;
using Akka.Actor;
using Akka.Serialization;
using FaceActors.Cluster.Cameras;
using FaceActors.Pipeline.Cameras;
using Google.Protobuf;

namespace FaceActors.Cluster.Serialization;

/// <summary>
/// The cluster's own messages between nodes (what a node reports of its cameras) on the wire: Protocol Buffers by the
/// schema in <c>cluster_messages.proto</c>, never reflection. The manifest names the message.
/// </summary>
public sealed class ClusterMessageSerializer(ExtendedActorSystem system) : SerializerWithStringManifest(system)
{
    private const string ReportKind = "report-cameras", ReportedKind = "cameras-reported";

    /// <summary>The HOCON that binds the cluster's messages to this serializer.</summary>
    public const string Binding = """
        akka.actor {
          serializers.faceactors-cluster = "FaceActors.Cluster.Serialization.ClusterMessageSerializer, FaceActors.Cluster"
          serialization-bindings {
            "FaceActors.Cluster.Cameras.ReportCameras, FaceActors.Cluster" = faceactors-cluster
            "FaceActors.Cluster.Cameras.CamerasReported, FaceActors.Cluster" = faceactors-cluster
          }
        }
        """;

    public override int Identifier => 4713;

    public override string Manifest(object o) => o switch
    {
        ReportCameras => ReportKind,
        CamerasReported => ReportedKind,
        _ => throw new ArgumentException($"The cluster message serializer cannot write {o.GetType()}.", nameof(o)),
    };

    public override byte[] ToBinary(object obj)
    {
        switch (obj)
        {
            case ReportCameras:
                return [];
            case CamerasReported reported:
                var wire = new Wire.CamerasReported { Node = reported.Node, Cameras = { reported.Cameras.Select(ToWire) } };
                if (reported.Http is not null) wire.Http = reported.Http;
                return wire.ToByteArray();
            default:
                throw new ArgumentException($"The cluster message serializer cannot write {obj.GetType()}.", nameof(obj));
        }
    }

    public override object FromBinary(byte[] bytes, string manifest)
    {
        switch (manifest)
        {
            case ReportKind:
                return ReportCameras.Instance;
            case ReportedKind:
                var wire = Wire.CamerasReported.Parser.ParseFrom(bytes);
                return new CamerasReported(wire.Node, wire.HasHttp ? wire.Http : null, wire.Cameras.Select(FromWire).ToList());
            default:
                throw new SerializationException($"Unknown cluster message '{manifest}': a node of another version sent it.");
        }
    }

    private static Wire.CameraReport ToWire(CameraReport c)
    {
        var wire = new Wire.CameraReport
        {
            Name = c.Name, Kind = c.Kind, Url = c.Url, State = c.State, CapturedFps = c.CapturedFps, ProcessedFps = c.ProcessedFps,
            FramesCaptured = c.FramesCaptured, FramesProcessed = c.FramesProcessed, FramesDropped = c.FramesDropped,
            DecodeErrors = c.DecodeErrors, Reconnects = c.Reconnects, ActiveTracks = c.ActiveTracks,
        };
        if (c.Node is not null) wire.Node = c.Node;
        return wire;
    }

    private static CameraReport FromWire(Wire.CameraReport w) => new(w.Name, w.Kind, w.Url, w.State, w.CapturedFps, w.ProcessedFps,
        w.FramesCaptured, w.FramesProcessed, w.FramesDropped, w.DecodeErrors, w.Reconnects, w.ActiveTracks, w.HasNode ? w.Node : null);
}
