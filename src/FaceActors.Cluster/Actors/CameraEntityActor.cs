using Akka.Actor;
using Akka.Cluster.Sharding;
using Akka.Event;
using FaceActors.Cluster.Sharding;
using FaceActors.Pipeline.Actors;
using FaceActors.Pipeline.Cameras;

namespace FaceActors.Cluster.Actors;

/// <summary>
/// One camera as an entity of the cluster's "cameras" shard region: while it lives, the camera runs on this node as a
/// <see cref="SupervisedCamera"/> and is in the node's registry. The coordinator hands it off with <see cref="HandOff"/>
/// (a rebalance, the node leaving): the camera stops the way it stops on one node, its open tracks ended and their
/// events out, before the entity stops and the camera starts elsewhere. A camera this node has no settings for, and a
/// file that has ended, passivate, which also removes them from the remembered entities.
/// </summary>
public sealed class CameraEntityActor : ReceiveActor
{
    /// <summary>The region's stop message for its entities: stop the camera cleanly, then the entity.</summary>
    public sealed record HandOff
    {
        public static readonly HandOff Instance = new();
    }

    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly string _camera;
    private readonly NodeCameras _node;
    private readonly CameraCounters _counters = new();
    private IActorRef? _running;
    private bool _handingOff;

    /// <param name="services">This node's services, resolved from the host's dependency injection.</param>
    public CameraEntityActor(string camera, NodeServices services)
    {
        _camera = camera;
        _node = services.Cameras;
        Receive<ShardRegion.StartEntity>(_ => { });
        Receive<CameraStateChanged>(change =>
            _log.Info("Camera {0} is {1}{2}", change.CameraId, change.State, change.Reason is null ? "" : $": {change.Reason}"));
        Receive<CameraActor.CameraEnded>(_ =>
        {
            _log.Info("Camera {0} has ended; no node runs it again until FaceActors restarts", _camera);
            Context.Parent.Tell(new Passivate(HandOff.Instance));
        });
        Receive<HandOff>(_ =>
        {
            _handingOff = true;
            if (_running is null) Context.Stop(Self);
            else _running.Tell(CameraActor.StopCamera.Instance);
        });
        Receive<Terminated>(_ =>
        {
            _running = null;
            if (_handingOff)
            {
                Context.Stop(Self);
                return;
            }
            _log.Error("Camera {0}: {1}", _camera, SupervisedCamera.GaveUpReason);
            SupervisedCamera.GaveUp(_camera, _counters);
        });
    }

    protected override void PreStart()
    {
        if (!_node.Cameras.TryGetValue(_camera, out var settings))
        {
            _log.Error("Camera {0} was given to this node, which has no settings for it; every node needs the same faceactors.cameras", _camera);
            Context.Parent.Tell(new Passivate(HandOff.Instance));
            return;
        }
        _node.Registry.Register(_camera, _counters);
        _running = Context.Watch(Context.ActorOf(
            SupervisedCamera.Props(settings, _node.Node, new ActorCameraStateObserver(Self), _counters, _log), "camera"));
        _log.Info("Camera {0} runs on this node, {1}", _camera, Akka.Cluster.Cluster.Get(Context.System).SelfAddress);
    }

    protected override void PostStop()
    {
        _node.Registry.Unregister(_camera, _counters);
        if (_running is null && _handingOff) _log.Info("Camera {0} stopped on this node", _camera);
    }

}
