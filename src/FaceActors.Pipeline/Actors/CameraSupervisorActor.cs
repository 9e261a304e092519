using Akka.Actor;
using Akka.Event;
using FaceActors.Pipeline.Cameras;

namespace FaceActors.Pipeline.Actors;

/// <summary>
/// Runs every camera of the process as a <see cref="CameraActor"/> under a backoff supervisor of its own, keeps their
/// states and counters, and tells <see cref="AllEnded"/> when every camera has ended for good (files that do not loop,
/// and cameras it gave up on). Each runs as a <see cref="SupervisedCamera"/>, restarted on its own and reported Offline
/// once given up: one camera's failure never reaches another, and a broken one never loops tightly.
/// <see cref="StopCameras"/> stops every camera without losing its last events, then answers <see cref="CamerasStopped"/>.
/// </summary>
public sealed class CameraSupervisorActor : ReceiveActor
{
    /// <summary>Asks for every camera's state and counts.</summary>
    public sealed record GetCameras
    {
        public static readonly GetCameras Instance = new();
    }

    public sealed record CameraStatus(string CameraId, CameraState State, string? Reason, long FramesCaptured, long FramesDropped, long DecodeErrors);

    public sealed record Cameras(IReadOnlyList<CameraStatus> All);

    /// <summary>Stops every camera once its frames in flight are through and its open tracks have ended.</summary>
    public sealed record StopCameras
    {
        public static readonly StopCameras Instance = new();
    }

    /// <summary>The answer to <see cref="StopCameras"/>: every camera actor has stopped.</summary>
    public sealed record CamerasStopped
    {
        public static readonly CamerasStopped Instance = new();
    }

    private readonly Dictionary<string, (CameraCounters Counters, CameraStateChanged? State)> _cameras = [];
    private readonly Dictionary<IActorRef, string> _running = [];
    private readonly HashSet<string> _ended = [];
    private readonly List<IActorRef> _stopRequesters = [];
    private readonly TaskCompletionSource _allEnded;
    private readonly ILoggingAdapter _log = Context.GetLogger();

    public CameraSupervisorActor(IReadOnlyList<CameraSettings> cameras, CameraNode node, TaskCompletionSource allEnded, CameraRegistry registry,
        int maxRestarts = SupervisedCamera.DefaultMaxRestarts)
    {
        _allEnded = allEnded;
        Context.ActorOf(FramesLost.Props(), "frames-lost");
        var states = new ActorCameraStateObserver(Self);
        foreach (var camera in cameras)
        {
            var counters = new CameraCounters();
            _cameras[camera.Name] = (counters, null);
            registry.Register(camera.Name, counters);
            var supervised = Context.ActorOf(SupervisedCamera.Props(camera, node, states, counters, _log, maxRestarts), Uri.EscapeDataString(camera.Name));
            _running[Context.Watch(supervised)] = camera.Name;
        }

        Receive<CameraStateChanged>(change =>
        {
            _log.Info("Camera {0} is {1}{2}", change.CameraId, change.State, change.Reason is null ? "" : $": {change.Reason}");
            _cameras[change.CameraId] = (_cameras[change.CameraId].Counters, change);
        });
        Receive<CameraActor.CameraEnded>(ended => Ended(ended.CameraId));
        Receive<GetCameras>(_ => Sender.Tell(new Cameras(_cameras.Select(c => new CameraStatus(c.Key,
            c.Value.State?.State ?? CameraState.Reconnecting, c.Value.State?.Reason,
            c.Value.Counters.FramesCaptured, c.Value.Counters.FramesDropped, c.Value.Counters.DecodeErrors)).ToList())));
        Receive<StopCameras>(_ =>
        {
            _stopRequesters.Add(Sender);
            foreach (var camera in _running.Keys) camera.Tell(CameraActor.StopCamera.Instance);
            AnswerStopWhenDone();
        });
        Receive<Terminated>(terminated =>
        {
            if (!_running.Remove(terminated.ActorRef, out var name)) return;
            if (_stopRequesters.Count == 0) GaveUp(name);
            AnswerStopWhenDone();
        });
    }

    private void GaveUp(string name)
    {
        _log.Error("Camera {0}: {1}", name, SupervisedCamera.GaveUpReason);
        var counters = _cameras[name].Counters;
        _cameras[name] = (counters, SupervisedCamera.GaveUp(name, counters));
        Ended(name);
    }

    private void Ended(string name)
    {
        _ended.Add(name);
        if (_ended.Count == _cameras.Count) _allEnded.TrySetResult();
    }

    private void AnswerStopWhenDone()
    {
        if (_running.Count > 0) return;
        foreach (var requester in _stopRequesters) requester.Tell(CamerasStopped.Instance);
        _stopRequesters.Clear();
    }

    public static Props Props(IReadOnlyList<CameraSettings> cameras, CameraNode node, TaskCompletionSource allEnded, CameraRegistry registry,
        int maxRestarts = SupervisedCamera.DefaultMaxRestarts) =>
        Akka.Actor.Props.Create(() => new CameraSupervisorActor(cameras, node, allEnded, registry, maxRestarts));
}
