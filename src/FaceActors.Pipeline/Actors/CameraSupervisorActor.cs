using Akka.Actor;
using Akka.Event;
using Akka.Pattern;
using FaceActors.Pipeline.Cameras;

namespace FaceActors.Pipeline.Actors;

/// <summary>
/// Runs every camera of the process as a <see cref="CameraActor"/> under a backoff supervisor of its own, keeps their
/// states and counters, and tells <see cref="AllEnded"/> when every camera has ended for good (files that do not loop,
/// and cameras it gave up on). A camera actor that throws (in <c>PreStart</c> too) is restarted on its own after an
/// exponential backoff (the camera's <see cref="CameraSettings.Backoff"/>), at most <c>maxRestarts</c> times in a row,
/// then reported Offline: one camera's failure never reaches another, and a broken one never loops tightly.
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

    /// <summary>Restarts in a row (without a healthy minute between them) after which a failing camera is given up.</summary>
    public const int DefaultMaxRestarts = 10;

    private readonly Dictionary<string, (CameraCounters Counters, CameraStateChanged? State)> _cameras = [];
    private readonly Dictionary<IActorRef, string> _running = [];
    private readonly HashSet<string> _ended = [];
    private readonly List<IActorRef> _stopRequesters = [];
    private readonly TaskCompletionSource _allEnded;
    private readonly ILoggingAdapter _log = Context.GetLogger();

    public CameraSupervisorActor(IReadOnlyList<CameraSettings> cameras, CameraNode node, TaskCompletionSource allEnded, CameraRegistry registry,
        int maxRestarts = DefaultMaxRestarts)
    {
        _allEnded = allEnded;
        Context.ActorOf(FramesLost.Props(), "frames-lost");
        var states = new ActorCameraStateObserver(Self);
        foreach (var camera in cameras)
        {
            var counters = new CameraCounters();
            _cameras[camera.Name] = (counters, null);
            registry.Register(camera.Name, counters);
            var cameraProps = CameraActor.Props(camera, node, states, counters);
            var supervised = Context.ActorOf(BackoffSupervisor.Props(Backoff.OnFailure(cameraProps, "camera",
                    camera.Backoff.Min, camera.Backoff.Max, camera.Backoff.RandomFactor, maxRestarts)
                .WithAutoReset(TimeSpan.FromMinutes(1))
                .WithSupervisorStrategy(new OneForOneStrategy(maxRestarts, TimeSpan.FromMinutes(10), Decider.From(error =>
                {
                    _log.Warning("Camera {0} failed ({1}); restarting it after a backoff", camera.Name, error.GetBaseException().Message);
                    return Directive.Restart;
                })))), Uri.EscapeDataString(camera.Name));
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
        var reason = "it kept failing, and was given up after its restarts; see the warnings above, fix it and restart FaceActors";
        _log.Error("Camera {0}: {1}", name, reason);
        var counters = _cameras[name].Counters;
        counters.StateChanged(CameraState.Offline);
        _cameras[name] = (counters, new CameraStateChanged(name, CameraState.Offline, reason, DateTimeOffset.UtcNow));
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
        int maxRestarts = DefaultMaxRestarts) =>
        Akka.Actor.Props.Create(() => new CameraSupervisorActor(cameras, node, allEnded, registry, maxRestarts));
}
