namespace FaceActors.Pipeline.Tests.Cameras;

/// <summary>
/// Specs that start an rtsp-server-perl run one after another. Two servers at once lose each other's streams, so each
/// server takes a machine-wide lock (<see cref="FaceActors.Testbed.Cameras.RtspServer"/>); the collection keeps specs
/// of this assembly from holding test threads while they wait for it.
/// </summary>
[CollectionDefinition(Name)]
public sealed class RtspServers
{
    public const string Name = "rtsp servers";
}
