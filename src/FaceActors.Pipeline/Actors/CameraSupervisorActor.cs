using Akka.Actor;
using Akka.Event;
using Akka.Streams.Dsl;
using FaceActors.Pipeline.Cameras;
using FaceActors.Pipeline.Gating;
using FaceActors.Pipeline.Streams;
using FaceActors.Pipeline.Telemetry;
using FaceActors.Pipeline.Tracking;

namespace FaceActors.Pipeline.Actors;

/// <summary>
/// Runs every camera of the process as a child <see cref="CameraActor"/>, keeps their states and counters,
/// and tells <see cref="AllEnded"/> when every camera has ended for good (only files that do not loop do).
/// A camera actor that throws is restarted on its own: one camera's failure never reaches another.
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

    private readonly Dictionary<string, (CameraCounters Counters, CameraStateChanged? State)> _cameras = [];
    private readonly HashSet<string> _ended = [];
    private readonly TaskCompletionSource _allEnded;
    private readonly ILoggingAdapter _log = Context.GetLogger();

    public CameraSupervisorActor(IReadOnlyList<CameraSettings> cameras, SharedInference inference, GateOptions gate, TrackerOptions tracker,
        Sink<TrackEvent, Akka.NotUsed> events, TaskCompletionSource allEnded, CameraRegistry registry, PipelineMetrics metrics,
        IProcessedFrameObserver? processed, ITrackedFrameObserver? tracked)
    {
        _allEnded = allEnded;
        var states = new ActorCameraStateObserver(Self);
        foreach (var camera in cameras)
        {
            var counters = new CameraCounters();
            _cameras[camera.Name] = (counters, null);
            registry.Register(camera.Name, counters);
            Context.ActorOf(CameraActor.Props(camera, inference, gate, tracker, events, states, counters, metrics, processed, tracked), Uri.EscapeDataString(camera.Name));
        }

        Receive<CameraStateChanged>(change =>
        {
            _log.Info("Camera {0} is {1}{2}", change.CameraId, change.State, change.Reason is null ? "" : $": {change.Reason}");
            _cameras[change.CameraId] = (_cameras[change.CameraId].Counters, change);
        });
        Receive<CameraActor.CameraEnded>(ended =>
        {
            _ended.Add(ended.CameraId);
            if (_ended.Count == _cameras.Count) _allEnded.TrySetResult();
        });
        Receive<GetCameras>(_ => Sender.Tell(new Cameras(_cameras.Select(c => new CameraStatus(c.Key,
            c.Value.State?.State ?? CameraState.Reconnecting, c.Value.State?.Reason,
            c.Value.Counters.FramesCaptured, c.Value.Counters.FramesDropped, c.Value.Counters.DecodeErrors)).ToList())));
    }

    protected override SupervisorStrategy SupervisorStrategy() =>
        new OneForOneStrategy(Decider.From(_ => Directive.Restart));

    public static Props Props(IReadOnlyList<CameraSettings> cameras, SharedInference inference, GateOptions gate, TrackerOptions tracker,
        Sink<TrackEvent, Akka.NotUsed> events, TaskCompletionSource allEnded, CameraRegistry registry, PipelineMetrics metrics,
        IProcessedFrameObserver? processed, ITrackedFrameObserver? tracked) =>
        Akka.Actor.Props.Create(() => new CameraSupervisorActor(cameras, inference, gate, tracker, events, allEnded, registry, metrics, processed, tracked));
}
