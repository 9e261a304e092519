using Akka.Actor;
using FaceActors.Pipeline.Serialization;
using FaceActors.Pipeline.Tracking;
using FaceActors.Vision.Geometry;
using FaceActors.Node.Running;

namespace FaceActors.Host.Tests.Running;

public sealed class ActorSystemConfigSpecs
{
    [Fact]
    public async Task A_run_gives_track_events_their_protobuf_wire_format()
    {
        using var system = ActorSystem.Create("config-spec", RunningPipeline.AkkaConfig(persistentGallery: null));
        try
        {
            var serializer = system.Serialization.FindSerializerFor(new TrackEnded("door", 1, new Box(0, 0, 10, 10), DateTimeOffset.UtcNow, null));
            Assert.IsType<TrackEventSerializer>(serializer);
        }
        finally
        {
            await system.Terminate();
        }
    }
}
