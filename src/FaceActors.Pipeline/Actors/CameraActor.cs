using System.Diagnostics;
using Akka.Actor;
using Akka.Event;
using Akka.Streams;
using Akka.Streams.Dsl;
using FaceActors.Pipeline.Cameras;
using FaceActors.Pipeline.Gating;
using FaceActors.Pipeline.Streams;
using FaceActors.Pipeline.Telemetry;
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
    private readonly ITrackedFrameObserver? _tracked;
    private readonly PipelineMetrics _metrics;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly IActorRef _gate;
    private readonly IActorRef _tracker;
    private UniqueKillSwitch? _killSwitch;

    public ITimerScheduler Timers { get; set; } = null!;

    private readonly CameraCounters _counters;

    public CameraActor(CameraSettings settings, SharedInference inference, GateOptions gate, TrackerOptions tracker,
        Sink<TrackEvent, Akka.NotUsed> events, ICameraStateObserver states, CameraCounters counters, PipelineMetrics metrics,
        IProcessedFrameObserver? processed, ITrackedFrameObserver? tracked)
    {
        _settings = settings;
        _inference = inference;
        _events = events;
        _states = states;
        _processed = processed;
        _tracked = tracked;
        _metrics = metrics;
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

    /// <summary>Each step an Ask to the actor that owns it, timed for the metrics.</summary>
    private PipelineStages Stages()
    {
        var (camera, timeout) = (_settings.Name, _inference.AskTimeout);
        return new PipelineStages(
            async frame =>
            {
                var decision = await Timed(PipelineStage.Gate, () => _gate.Ask<GateDecision>(frame, timeout));
                _metrics.GateDecided(camera, decision);
                return decision;
            },
            async image => (await Timed(PipelineStage.FaceDetection, () => _inference.FaceDetectionQueue.Ask<FaceDetectionActor.FacesDetected>(
                _inference.FaceDetection, new FaceDetectionActor.DetectFaces(image), timeout))).Faces,
            async (image, faces) => (await Timed(PipelineStage.Embedding, () => _inference.EmbeddingQueue.Ask<EmbeddingActor.FacesEmbedded>(
                _inference.Embedding, new EmbeddingActor.EmbedFaces(image, faces), timeout))).Embeddings,
            embedding =>
            {
                var started = Stopwatch.GetTimestamp();
                var match = _inference.Matcher.Match(embedding);
                _metrics.StageCompleted(camera, PipelineStage.Matching, Stopwatch.GetElapsedTime(started));
                return match;
            },
            async (frame, observation) =>
            {
                if (observation.Faces is { } faces) _metrics.FacesRecognized(camera, faces);
                var updated = await Timed(PipelineStage.Tracking, () => _tracker.Ask<TrackerUpdated>(observation, timeout));
                var processedAt = DateTimeOffset.UtcNow;
                _counters.FrameProcessed();
                _counters.TracksNow(updated.ActiveTracks);
                _metrics.FrameProcessed(camera, processedAt - observation.At);
                _processed?.OnFrameProcessed(new ProcessedFrame(observation.CameraId, observation.FrameSequence, observation.At, processedAt));
                if (frame is not null) _tracked?.OnFrameTracked(frame, updated.Tracks, observation.Faces);
                return updated.Events;
            },
            _tracked is null ? null : _tracked.Wants);

        // Timestamps rather than a Stopwatch object: this runs several times a frame on every camera.
        async Task<T> Timed<T>(PipelineStage stage, Func<Task<T>> step)
        {
            var started = Stopwatch.GetTimestamp();
            var result = await step();
            _metrics.StageCompleted(camera, stage, Stopwatch.GetElapsedTime(started));
            return result;
        }
    }

    public static Props Props(CameraSettings settings, SharedInference inference, GateOptions gate, TrackerOptions tracker,
        Sink<TrackEvent, Akka.NotUsed> events, ICameraStateObserver states, CameraCounters counters, PipelineMetrics metrics,
        IProcessedFrameObserver? processed, ITrackedFrameObserver? tracked) =>
        Akka.Actor.Props.Create(() => new CameraActor(settings, inference, gate, tracker, events, states, counters, metrics, processed, tracked));
}
