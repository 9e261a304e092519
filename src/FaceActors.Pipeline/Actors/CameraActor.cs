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
/// One camera: owns its gate and tracker (children, so their state lives and dies with the camera), its frame pool, and
/// the stream that runs its frames through them. The stream is materialised in PreStart with the actor's
/// materializer, so it stops with the actor. A frame that a step fails on is dropped and counted; a failure of the
/// stream itself (not of the camera, which the source restarts by itself) restarts the stream with exponential backoff,
/// without touching other cameras. <see cref="StopCamera"/> stops it without losing what its frames said: the tracker
/// ends every open track and those events reach the event sink before the actor stops.
/// </summary>
public sealed class CameraActor : ReceiveActor, IWithTimers
{
    /// <summary>Told to the parent when a camera's stream has ended for good (a file that does not loop).</summary>
    public sealed record CameraEnded(string CameraId);

    /// <summary>Stop once the frames in flight are through and every open track has ended.</summary>
    public sealed record StopCamera
    {
        public static readonly StopCamera Instance = new();
    }

    private sealed record StreamFinished(Exception? Failure, TimeSpan Ran);

    private sealed record RestartStream
    {
        public static readonly RestartStream Instance = new();
    }

    private sealed record StopOverdue
    {
        public static readonly StopOverdue Instance = new();
    }

    // A stream that ran this long before failing starts its backoff from the beginning again.
    private static readonly TimeSpan HealthyRun = TimeSpan.FromSeconds(30);
    // How long a stopping camera waits for its last frames and track ends.
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(10);
    // At most one warning about failing frames per camera this often; the count is in the metrics.
    private static readonly TimeSpan FailureLogInterval = TimeSpan.FromSeconds(10);

    private readonly CameraSettings _settings;
    private readonly CameraNode _node;
    private readonly ICameraStateObserver _states;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly IActorRef _gate;
    private readonly IActorRef _tracker;
    private readonly FramePool _pool;
    private UniqueKillSwitch? _killSwitch;
    private bool _streaming;
    private bool _stopping;
    private int _streamFailures;
    private long _lastFailureLoggedAt;
    private long _failuresSinceLogged;

    public ITimerScheduler Timers { get; set; } = null!;

    private readonly CameraCounters _counters;

    public CameraActor(CameraSettings settings, CameraNode node, ICameraStateObserver states, CameraCounters counters)
    {
        _settings = settings;
        _node = node;
        _states = states;
        _counters = counters;
        _gate = Context.ActorOf(GateActor.Props(node.Gate, node.Inference.DetectPersons), "gate");
        _tracker = Context.ActorOf(TrackerActor.Props(settings.Name, node.Tracker, _gate), "tracker");
        _pool = FramePool.For(settings, counters);

        Receive<StreamFinished>(finished =>
        {
            _streaming = false;
            if (_stopping)
            {
                Context.Stop(Self);
                return;
            }
            if (finished.Failure is null)
            {
                _log.Info("Camera {0}: stream ended", _settings.Name);
                Context.Parent.Tell(new CameraEnded(_settings.Name));
                return;
            }
            if (finished.Ran >= HealthyRun) _streamFailures = 0;
            var pause = _settings.Backoff.Delay(_streamFailures++);
            _log.Warning("Camera {0}: stream failed ({1}); restarting it in {2:0.#} s", _settings.Name, finished.Failure.Message, pause.TotalSeconds);
            Timers.StartSingleTimer(RestartStream.Instance, RestartStream.Instance, pause);
        });
        Receive<RestartStream>(_ => StartStream());
        Receive<StopCamera>(_ =>
        {
            _stopping = true;
            Timers.Cancel(RestartStream.Instance);
            if (!_streaming)
            {
                Context.Stop(Self);
                return;
            }
            _killSwitch?.Shutdown();
            Timers.StartSingleTimer(StopOverdue.Instance, StopOverdue.Instance, StopTimeout);
        });
        Receive<StopOverdue>(_ =>
        {
            _log.Warning("Camera {0}: its last frames were not through within {1} s of the stop; stopping without them", _settings.Name, StopTimeout.TotalSeconds);
            Context.Stop(Self);
        });
    }

    protected override void PreStart() => StartStream();

    protected override void PostStop()
    {
        _killSwitch?.Shutdown();
        _pool.Dispose();
    }

    private void StartStream()
    {
        var started = Stopwatch.GetTimestamp();
        var (killSwitch, completion) = CameraSource.Create(_settings, new OnlineResetsMotion(_states, _gate), _counters, _pool)
            .ViaMaterialized(KillSwitches.Single<CameraFrame>(), Keep.Right)
            .Via(CameraPipeline.Create(Stages()))
            .WatchTermination(Keep.Both)
            .To(_node.Events)
            .Run(Context.Materializer());
        _killSwitch = killSwitch;
        _streaming = true;
        completion.ContinueWith(task => new StreamFinished(task.Exception?.GetBaseException(), Stopwatch.GetElapsedTime(started))).PipeTo(Self);
    }

    /// <summary>Counts a failed frame; warns about the first and then at most every <see cref="FailureLogInterval"/>. Called on stream threads.</summary>
    private void StepFailed(long? sequence, Exception error)
    {
        if (sequence is not null) _counters.FrameFailed();
        var unlogged = Interlocked.Increment(ref _failuresSinceLogged);
        var now = Stopwatch.GetTimestamp();
        var last = Interlocked.Read(ref _lastFailureLoggedAt);
        if (last != 0 && Stopwatch.GetElapsedTime(last, now) < FailureLogInterval) return;
        if (Interlocked.CompareExchange(ref _lastFailureLoggedAt, now, last) != last) return;
        Interlocked.Exchange(ref _failuresSinceLogged, 0);
        var what = sequence is { } frame ? $"frame {frame} dropped" : "a tracker tick failed";
        _log.Warning("Camera {0}: {1} ({2}: {3}); {4} step failure(s) since the last warning", _settings.Name, what, error.GetType().Name, error.Message, unlogged);
    }

    /// <summary>Each step an Ask to the actor that owns it, timed for the metrics.</summary>
    private PipelineStages Stages()
    {
        var (camera, timeout) = (_settings.Name, _node.Inference.AskTimeout);
        return new PipelineStages(
            async frame =>
            {
                var decision = await Timed(PipelineStage.Gate, () => _gate.Ask<GateDecision>(frame.Share(), timeout));
                _node.Metrics.GateDecided(camera, decision);
                return decision;
            },
            async frame => (await Timed(PipelineStage.FaceDetection, () => _node.Inference.FaceDetectionQueue.Ask<FaceDetectionActor.FacesDetected>(
                _node.Inference.FaceDetection, new FaceDetectionActor.DetectFaces(frame.Share()), timeout))).Faces,
            async (frame, faces) => (await Timed(PipelineStage.Embedding, () => _node.Inference.EmbeddingQueue.Ask<EmbeddingActor.FacesEmbedded>(
                _node.Inference.Embedding, new EmbeddingActor.EmbedFaces(frame.Share(), faces, KeepCrops: _node.Review is not null), timeout))).Faces,
            embedding =>
            {
                var started = Stopwatch.GetTimestamp();
                var match = _node.Inference.Matcher.Match(embedding);
                _node.Metrics.StageCompleted(camera, PipelineStage.Matching, Stopwatch.GetElapsedTime(started));
                return match;
            },
            async (frame, observation) =>
            {
                if (observation.Faces is { } faces) _node.Metrics.FacesRecognized(camera, faces);
                var updated = await Timed(PipelineStage.Tracking, () => _tracker.Ask<TrackerUpdated>(observation, timeout));
                var processedAt = DateTimeOffset.UtcNow;
                _counters.FrameProcessed();
                _counters.TracksNow(updated.ActiveTracks);
                _node.Metrics.FrameProcessed(camera, processedAt - observation.At);
                _node.Processed?.OnFrameProcessed(new ProcessedFrame(observation.CameraId, observation.FrameSequence, observation.At, processedAt));
                if (frame is not null) _node.Tracked?.OnFrameTracked(frame, updated.Tracks, observation.Faces);
                return updated.Events;
            },
            async expiry =>
            {
                var updated = await _tracker.Ask<TrackerUpdated>(new ExpireTracks(expiry), timeout);
                _counters.TracksNow(updated.ActiveTracks);
                return updated.Events;
            },
            _node.Tracked is null ? null : _node.Tracked.Wants)
        {
            // Often enough that a track ends close to its time to live after the frames stop.
            ExpiryInterval = TimeSpan.FromTicks(Math.Clamp(_node.Tracker.TimeToLive.Ticks / 4, TimeSpan.FromMilliseconds(100).Ticks, TimeSpan.FromSeconds(1).Ticks)),
            StepFailed = StepFailed,
            Review = _node.Review,
            CheckLiveness = _node.Inference.Liveness is { } liveness
                ? async (frame, faces) => (await Timed(PipelineStage.Liveness, () => _node.Inference.LivenessQueue.Ask<LivenessActor.LivenessChecked>(
                    liveness, new LivenessActor.CheckLiveness(frame.Share(), faces), timeout))).Verdicts
                : null,
        };

        // Timestamps rather than a Stopwatch object: this runs several times a frame on every camera.
        async Task<T> Timed<T>(PipelineStage stage, Func<Task<T>> step)
        {
            var started = Stopwatch.GetTimestamp();
            var result = await step();
            _node.Metrics.StageCompleted(camera, stage, Stopwatch.GetElapsedTime(started));
            return result;
        }
    }

    /// <summary>
    /// Passes the camera's states on, and each time the camera comes (back) online tells the gate first: the source's
    /// first frame after a reconnect must not count as motion against the last frame before it.
    /// </summary>
    private sealed class OnlineResetsMotion(ICameraStateObserver states, IActorRef gate) : ICameraStateObserver
    {
        public void OnStateChanged(CameraStateChanged change)
        {
            // Told from the stream as the first frame passes, so it reaches the gate before that frame's Ask.
            if (change.State == CameraState.Online) gate.Tell(CameraRestarted.Instance);
            states.OnStateChanged(change);
        }
    }

    public static Props Props(CameraSettings settings, CameraNode node, ICameraStateObserver states, CameraCounters counters) =>
        Akka.Actor.Props.Create(() => new CameraActor(settings, node, states, counters));
}
