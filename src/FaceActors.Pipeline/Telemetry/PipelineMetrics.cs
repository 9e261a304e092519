using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using FaceActors.Pipeline.Cameras;
using FaceActors.Pipeline.Gating;
using FaceActors.Pipeline.Tracking;

namespace FaceActors.Pipeline.Telemetry;

/// <summary>The steps of a camera's pipeline whose time is measured.</summary>
public enum PipelineStage { Gate, FaceDetection, Liveness, Embedding, Matching, Tracking }

/// <summary>
/// The pipeline's metrics on the <see cref="MeterName"/> meter, in OpenTelemetry's conventions (seconds; the Prometheus
/// exporter adds the unit and <c>_total</c> suffixes). Counts a camera already keeps in <see cref="CameraCounters"/>
/// are observed from there rather than counted twice; what happens once per frame or per face is counted here. Every
/// method is safe from any thread and cheap enough for the hot path (a tag list and an interlocked add).
/// </summary>
public sealed class PipelineMetrics : IDisposable
{
    public const string MeterName = "FaceActors.Pipeline";

    // Stage times run from well under a millisecond (the gate on a still frame) to seconds (a queue behind a busy model).
    private static readonly double[] SecondsBuckets = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

    private readonly Meter _meter;
    private readonly CameraRegistry _cameras;
    private readonly ConcurrentDictionary<string, Func<int>> _inferenceQueues = new();
    private readonly ConcurrentDictionary<string, Func<long>> _eventsDropped = new();
    private readonly Histogram<double> _stageDuration;
    private readonly Histogram<double> _modelWork;
    private readonly Histogram<double> _frameLatency;
    private readonly Counter<long> _gateDecisions;
    private readonly Counter<long> _faceDetectionRuns;
    private readonly Counter<long> _facesDetected;
    private readonly Counter<long> _recognitions;
    private Func<int>? _galleryIdentities;

    /// <param name="cameras">The cameras whose counters are observed, as the supervisor registers them.</param>
    public PipelineMetrics(CameraRegistry cameras, IMeterFactory? meterFactory = null)
    {
        _cameras = cameras;
        _meter = meterFactory?.Create(MeterName) ?? new Meter(MeterName);
        var seconds = new InstrumentAdvice<double> { HistogramBucketBoundaries = SecondsBuckets };

        _meter.CreateObservableCounter("faceactors.camera.frames.captured", () => PerCamera(c => c.FramesCaptured), "{frame}", "Frames the camera delivered.");
        _meter.CreateObservableCounter("faceactors.camera.frames.processed", () => PerCamera(c => c.FramesProcessed), "{frame}", "Frames that went through the whole pipeline.");
        _meter.CreateObservableCounter("faceactors.camera.frames.dropped", () => PerCamera(c => c.FramesDropped), "{frame}", "Frames replaced by a newer one while the pipeline was busy.");
        _meter.CreateObservableCounter("faceactors.camera.frames.failed", () => PerCamera(c => c.FramesFailed), "{frame}", "Frames a pipeline step failed on; each was dropped and the stream went on.");
        _meter.CreateObservableCounter("faceactors.camera.decode.errors", () => PerCamera(c => c.DecodeErrors), "{frame}", "Frames that did not decode and were skipped.");
        _meter.CreateObservableCounter("faceactors.camera.reconnects", () => PerCamera(c => c.Reconnects), "{reconnect}", "Times the camera failed, stalled or ended and was restarted.");
        _meter.CreateObservableGauge("faceactors.camera.state", CameraStates, "{state}", "1 for the camera's current state (online, reconnecting, offline), 0 for the others.");
        _meter.CreateObservableGauge("faceactors.camera.frames.in_flight", () => PerCamera(c => (long)c.FramesInFlight), "{frame}", "Frames alive now in the camera's pipeline (its frame memory, in frames).");
        _meter.CreateObservableGauge("faceactors.tracks.active", () => PerCamera(c => (long)c.ActiveTracks), "{track}", "Confirmed tracks the camera's tracker follows now.");
        _meter.CreateObservableGauge("faceactors.inference.queue.depth", InferenceQueues, "{request}", "Requests waiting for or in a shared model.");
        _meter.CreateObservableGauge("faceactors.gallery.identities", GalleryIdentities, "{identity}", "Identities the matcher can name.");
        _meter.CreateObservableCounter("faceactors.events.dropped", () => _eventsDropped.Select(d => new Measurement<long>(d.Value(), new KeyValuePair<string, object?>("consumer", d.Key))),
            "{event}", "Events an output did not keep up with (its bounded buffer was full), by output.");

        _stageDuration = _meter.CreateHistogram("faceactors.stage.duration", "s", "Time a frame spent in one pipeline step, waiting included.", advice: seconds);
        _modelWork = _meter.CreateHistogram("faceactors.inference.duration", "s",
            "Time a shared model worked on one call (a frame; for the embedder, a batch), without the wait before it: a step's duration less this is its wait.", advice: seconds);
        _frameLatency = _meter.CreateHistogram("faceactors.frame.latency", "s", "Capture to the tracker's events: the pipeline's latency for a frame.", advice: seconds);
        _gateDecisions = _meter.CreateCounter<long>("faceactors.gate.decisions", "{frame}", "The gate's verdicts, by reason.");
        _faceDetectionRuns = _meter.CreateCounter<long>("faceactors.face_detection.runs", "{frame}", "Frames sent to face detection.");
        _facesDetected = _meter.CreateCounter<long>("faceactors.faces.detected", "{face}", "Faces found by face detection.");
        _recognitions = _meter.CreateCounter<long>("faceactors.recognitions", "{face}", "Detected faces matched against the gallery, by result (known or unknown).");
    }

    /// <summary>The meter the instruments are on (a reader in tests listens to this instance only).</summary>
    internal Meter Meter => _meter;

    /// <summary>Observes how many requests wait for a shared model (face detection, embedding).</summary>
    public void AddInferenceQueue(string model, Func<int> depth) => _inferenceQueues[model] = depth;

    /// <summary>Observes the events an output (standard output, an events file) dropped because it did not keep up.</summary>
    public void ObserveEventsDropped(string consumer, Func<long> dropped) => _eventsDropped[consumer] = dropped;

    /// <summary>Observes the gallery's size; the gallery changes while the process runs.</summary>
    public void ObserveGallery(Func<int> identities) => _galleryIdentities = identities;

    /// <summary>A shared model finished one call (face_detection, embedding, person_detection, liveness).</summary>
    public void ModelWorked(string model, TimeSpan elapsed) => _modelWork.Record(elapsed.TotalSeconds, new KeyValuePair<string, object?>("model", model));

    public void StageCompleted(string cameraId, PipelineStage stage, TimeSpan elapsed) =>
        _stageDuration.Record(elapsed.TotalSeconds, new KeyValuePair<string, object?>("camera", cameraId), new KeyValuePair<string, object?>("stage", StageName(stage)));

    public void GateDecided(string cameraId, GateDecision decision)
    {
        var camera = new KeyValuePair<string, object?>("camera", cameraId);
        _gateDecisions.Add(1, camera, new KeyValuePair<string, object?>("reason", ReasonName(decision.Reason)));
        if (decision.RunFaceDetection) _faceDetectionRuns.Add(1, camera);
    }

    public void FacesRecognized(string cameraId, IReadOnlyList<RecognizedFace> faces)
    {
        var camera = new KeyValuePair<string, object?>("camera", cameraId);
        _facesDetected.Add(faces.Count, camera);
        var known = faces.Count(f => f.Match.IsKnown);
        if (known > 0) _recognitions.Add(known, camera, new KeyValuePair<string, object?>("result", "known"));
        if (known < faces.Count) _recognitions.Add(faces.Count - known, camera, new KeyValuePair<string, object?>("result", "unknown"));
    }

    public void FrameProcessed(string cameraId, TimeSpan latency) =>
        _frameLatency.Record(Math.Max(0, latency.TotalSeconds), new KeyValuePair<string, object?>("camera", cameraId));

    public void Dispose() => _meter.Dispose();

    private IEnumerable<Measurement<long>> PerCamera(Func<CameraCounters, long> read) =>
        _cameras.All.Select(c => new Measurement<long>(read(c.Value), new KeyValuePair<string, object?>("camera", c.Key)));

    private IEnumerable<Measurement<int>> CameraStates() =>
        from camera in _cameras.All
        from state in Enum.GetValues<CameraState>()
        select new Measurement<int>(camera.Value.State == state ? 1 : 0,
            new KeyValuePair<string, object?>("camera", camera.Key), new KeyValuePair<string, object?>("state", StateName(state)));

    private IEnumerable<Measurement<int>> InferenceQueues() =>
        _inferenceQueues.Select(q => new Measurement<int>(q.Value(), new KeyValuePair<string, object?>("model", q.Key)));

    private IEnumerable<Measurement<int>> GalleryIdentities() =>
        _galleryIdentities is { } identities ? [new Measurement<int>(identities())] : [];

    private static string StageName(PipelineStage stage) => stage switch
    {
        PipelineStage.Gate => "gate",
        PipelineStage.FaceDetection => "face_detection",
        PipelineStage.Liveness => "liveness",
        PipelineStage.Embedding => "embedding",
        PipelineStage.Matching => "matching",
        PipelineStage.Tracking => "tracking",
        _ => throw new UnreachableException(),
    };

    private static string ReasonName(GateReason reason) => reason switch
    {
        GateReason.CountChanged => "count_changed",
        GateReason.Refresh => "refresh",
        GateReason.TrackerRequest => "tracker_request",
        GateReason.MotionStarted => "motion_started",
        GateReason.MotionSearch => "motion_search",
        GateReason.Steady => "steady",
        GateReason.NoMotion => "no_motion",
        GateReason.EveryFrame => "every_frame",
        _ => reason.ToString().ToLowerInvariant(),
    };

    private static string StateName(CameraState state) => state.ToString().ToLowerInvariant();
}
