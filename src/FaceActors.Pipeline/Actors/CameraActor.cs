using Akka.Actor;
using Akka.Event;
using Akka.Streams;
using Akka.Streams.Dsl;
using FaceActors.Pipeline.Cameras;
using FaceActors.Pipeline.Gating;
using FaceActors.Pipeline.Streams;
using FaceActors.Pipeline.Tracking;

namespace FaceActors.Pipeline.Actors;

/// <summary>
/// One camera: owns its gate and tracker (children, so their state lives and dies with the camera) and
/// the stream that runs its frames through them. The stream is materialised in PreStart with the actor's
/// materializer, so it stops with the actor. A failure of the pipeline (not of the camera, which the
/// source restarts by itself) restarts the stream after a pause without touching other cameras.
/// </summary>
public sealed class CameraActor : ReceiveActor, IWithTimers
{
    /// <summary>Told to the parent when a camera's stream has ended for good (a file that does not loop).</summary>
    public sealed record CameraEnded(string CameraId);

    private sealed record StreamFinished(Exception? Failure);

    private sealed record RestartStream
    {
        public static readonly RestartStream Instance = new();
    }

    private static readonly TimeSpan RestartPause = TimeSpan.FromSeconds(2);

    private readonly CameraSettings _settings;
    private readonly SharedInference _inference;
    private readonly Sink<TrackEvent, Akka.NotUsed> _events;
    private readonly ICameraStateObserver _states;
    private readonly IProcessedFrameObserver? _processed;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly IActorRef _gate;
    private readonly IActorRef _tracker;
    private UniqueKillSwitch? _killSwitch;

    public ITimerScheduler Timers { get; set; } = null!;

    private readonly CameraCounters _counters;

    public CameraActor(CameraSettings settings, SharedInference inference, GateOptions gate, TrackerOptions tracker,
        Sink<TrackEvent, Akka.NotUsed> events, ICameraStateObserver states, CameraCounters counters, IProcessedFrameObserver? processed)
    {
        _settings = settings;
        _inference = inference;
        _events = events;
        _states = states;
        _processed = processed;
        _counters = counters;
        _gate = Context.ActorOf(GateActor.Props(gate, inference.DetectPersons), "gate");
        _tracker = Context.ActorOf(TrackerActor.Props(settings.Name, tracker, _gate), "tracker");

        Receive<StreamFinished>(finished =>
        {
            if (finished.Failure is null)
            {
                _log.Info("Camera {0}: stream ended", _settings.Name);
                Context.Parent.Tell(new CameraEnded(_settings.Name));
                return;
            }
            _log.Warning("Camera {0}: pipeline failed ({1}); restarting it in {2}", _settings.Name, finished.Failure.Message, RestartPause);
            Timers.StartSingleTimer(RestartStream.Instance, RestartStream.Instance, RestartPause);
        });
        Receive<RestartStream>(_ => StartStream());
    }

    protected override void PreStart() => StartStream();

    protected override void PostStop() => _killSwitch?.Shutdown();

    private void StartStream()
    {
        var (killSwitch, completion) = CameraSource.Create(_settings, _states, _counters)
            .ViaMaterialized(KillSwitches.Single<CameraFrame>(), Keep.Right)
            .Via(CameraPipeline.Create(Stages()))
            .WatchTermination(Keep.Both)
            .To(_events)
            .Run(Context.Materializer());
        _killSwitch = killSwitch;
        completion.ContinueWith(task => new StreamFinished(task.Exception?.GetBaseException())).PipeTo(Self);
    }

    private PipelineStages Stages()
    {
        var timeout = _inference.AskTimeout;
        return new PipelineStages(
            frame => _gate.Ask<GateDecision>(frame, timeout),
            async image => (await _inference.FaceDetection.Ask<FaceDetectionActor.FacesDetected>(new FaceDetectionActor.DetectFaces(image), timeout)).Faces,
            async (image, faces) => (await _inference.Embedding.Ask<EmbeddingActor.FacesEmbedded>(new EmbeddingActor.EmbedFaces(image, faces), timeout)).Embeddings,
            embedding => _inference.Matcher.Match(embedding),
            async observation =>
            {
                var events = (await _tracker.Ask<TrackerUpdated>(observation, timeout)).Events;
                _processed?.OnFrameProcessed(new ProcessedFrame(observation.CameraId, observation.FrameSequence, observation.At, DateTimeOffset.UtcNow));
                return events;
            });
    }

    public static Props Props(CameraSettings settings, SharedInference inference, GateOptions gate, TrackerOptions tracker,
        Sink<TrackEvent, Akka.NotUsed> events, ICameraStateObserver states, CameraCounters counters, IProcessedFrameObserver? processed) =>
        Akka.Actor.Props.Create(() => new CameraActor(settings, inference, gate, tracker, events, states, counters, processed));
}
