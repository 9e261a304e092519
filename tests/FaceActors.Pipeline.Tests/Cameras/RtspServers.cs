namespace FaceActors.Pipeline.Tests.Cameras;

/// <summary>
/// Specs that start an rtsp-server-perl run one after another: two servers at once lose each other's stream (seen as a
/// camera that gets no frame at all, with the old code as with the new), whatever ports they are given.
/// </summary>
[CollectionDefinition(Name)]
public sealed class RtspServers
{
    public const string Name = "rtsp servers";
}
