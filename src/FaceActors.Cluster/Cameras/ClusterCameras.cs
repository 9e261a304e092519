using Akka.Actor;
using FaceActors.Pipeline.Cameras;

namespace FaceActors.Cluster.Cameras;

/// <summary>Asks a node which cameras it runs; answered with <see cref="CamerasReported"/>.</summary>
public sealed record ReportCameras
{
    public static readonly ReportCameras Instance = new();
}

/// <param name="Node">The node's host:port in the cluster.</param>
/// <param name="Http">Where the node serves HTTP, for the streams of its cameras; null when it does not.</param>
public sealed record CamerasReported(string Node, string? Http, IReadOnlyList<CameraReport> Cameras);

/// <summary>
/// Every camera of the cluster and the node that runs it, as any node's API shows them: each member that is up and
/// reachable is asked, through Akka's remoting, for the cameras it runs (its <see cref="CameraReporterActor"/>). A
/// member that does not answer in time is left out, and so are its cameras, which then show as unassigned.
/// </summary>
public static class ClusterCameras
{
    public static async Task<IReadOnlyList<CamerasReported>> ReportAsync(ActorSystem system, TimeSpan timeout)
    {
        var state = Akka.Cluster.Cluster.Get(system).State;
        var asks = state.Members.Where(m => m.Status == Akka.Cluster.MemberStatus.Up && !state.Unreachable.Contains(m)).Select(async member =>
        {
            try
            {
                return await system.ActorSelection(new RootActorPath(member.Address) / "user" / CameraReporterActor.Name)
                    .Ask<CamerasReported>(ReportCameras.Instance, timeout);
            }
            catch (Exception e) when (e is AskTimeoutException or ActorNotFoundException or TaskCanceledException)
            {
                return null;
            }
        });
        return (await Task.WhenAll(asks)).OfType<CamerasReported>().ToList();
    }
}

/// <summary>Answers <see cref="ReportCameras"/> with the cameras this node runs now.</summary>
public sealed class CameraReporterActor : ReceiveActor
{
    public const string Name = "camera-reporter";

    public CameraReporterActor(CameraBoard board, string node, string? http) =>
        Receive<ReportCameras>(_ => Sender.Tell(new CamerasReported(node, http, board.Running(node))));

    public static Props Props(CameraBoard board, string node, string? http) => Akka.Actor.Props.Create(() => new CameraReporterActor(board, node, http));
}
