using System.Diagnostics.Metrics;
using FaceActors.Pipeline.Cameras;
using FaceActors.Pipeline.Gating;
using FaceActors.Pipeline.Telemetry;
using FaceActors.Pipeline.Tracking;
using FaceActors.Recognition.Matching;
using FaceActors.Vision.Detection;
using FaceActors.Vision.Geometry;

namespace FaceActors.Pipeline.Tests.Telemetry;

/// <summary>What a metrics reader (OpenTelemetry's, in the host) sees on the pipeline's meter.</summary>
public sealed class PipelineMetricsSpecs : IDisposable
{
    private readonly CameraRegistry _cameras = new();
    private readonly PipelineMetrics _metrics;
    private readonly MeterListener _listener = new();
    private readonly List<(string Instrument, double Value, Dictionary<string, string?> Tags)> _seen = [];

    public PipelineMetricsSpecs()
    {
        _metrics = new PipelineMetrics(_cameras);
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (ReferenceEquals(instrument.Meter, _metrics.Meter)) listener.EnableMeasurementEvents(instrument);
        };
        _listener.SetMeasurementEventCallback<long>((i, v, tags, _) => Seen(i, v, tags));
        _listener.SetMeasurementEventCallback<int>((i, v, tags, _) => Seen(i, v, tags));
        _listener.SetMeasurementEventCallback<double>((i, v, tags, _) => Seen(i, v, tags));
        _listener.Start();
    }

    private void Seen(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var tagged = new Dictionary<string, string?>();
        foreach (var tag in tags) tagged[tag.Key] = tag.Value?.ToString();
        lock (_seen) _seen.Add((instrument.Name, value, tagged));
    }

    private List<(double Value, Dictionary<string, string?> Tags)> Seen(string instrument) =>
        _seen.Where(s => s.Instrument == instrument).Select(s => (s.Value, s.Tags)).ToList();

    public void Dispose()
    {
        _listener.Dispose();
        _metrics.Dispose();
    }

    [Fact]
    public void Failed_frames_frames_in_flight_and_events_an_output_dropped_are_observed()
    {
        var counters = new CameraCounters();
        _cameras.Register("door", counters);
        counters.FrameFailed();
        using var pool = new FramePool(4, 4, counters: counters);
        using var held = pool.Frame("door", 1, DateTimeOffset.UtcNow, pool.Rent());
        _metrics.ObserveEventsDropped("stdout", () => 3);

        _listener.RecordObservableInstruments();

        Assert.Equal(1, Seen("faceactors.camera.frames.failed").Single(s => s.Tags["camera"] == "door").Value);
        Assert.Equal(1, Seen("faceactors.camera.frames.in_flight").Single(s => s.Tags["camera"] == "door").Value);
        Assert.Equal(3, Seen("faceactors.events.dropped").Single(s => s.Tags["consumer"] == "stdout").Value);
    }

    [Fact]
    public void A_cameras_counts_are_observed_from_its_counters_with_its_name()
    {
        var counters = new CameraCounters();
        _cameras.Register("door", counters);
        counters.NextSequence();
        counters.NextSequence();
        counters.FrameProcessed();
        counters.StateChanged(CameraState.Online);
        counters.TracksNow(2);

        _listener.RecordObservableInstruments();

        Assert.Equal(2, Seen("faceactors.camera.frames.captured").Single(s => s.Tags["camera"] == "door").Value);
        Assert.Equal(1, Seen("faceactors.camera.frames.processed").Single().Value);
        Assert.Equal(2, Seen("faceactors.tracks.active").Single().Value);
        var states = Seen("faceactors.camera.state").ToDictionary(s => s.Tags["state"]!, s => s.Value);
        Assert.Equal(new Dictionary<string, double> { ["online"] = 1, ["reconnecting"] = 0, ["offline"] = 0 }, states);
    }

    [Fact]
    public void A_camera_that_is_lost_after_being_online_counts_one_reconnect_however_many_tries_it_takes()
    {
        var counters = new CameraCounters();
        _cameras.Register("door", counters);

        counters.StateChanged(CameraState.Reconnecting);
        counters.StateChanged(CameraState.Online);
        counters.StateChanged(CameraState.Reconnecting);
        counters.StateChanged(CameraState.Reconnecting);
        _listener.RecordObservableInstruments();

        Assert.Equal(1, Seen("faceactors.camera.reconnects").Single().Value);
    }

    [Fact]
    public void Gate_verdicts_are_counted_by_reason_and_those_that_run_face_detection_also_as_runs()
    {
        _metrics.GateDecided("door", new GateDecision(1, GateReason.NoMotion, null));
        _metrics.GateDecided("door", new GateDecision(2, GateReason.Refresh, null));

        Assert.Equal(["no_motion", "refresh"], Seen("faceactors.gate.decisions").Select(s => s.Tags["reason"]));
        Assert.Single(Seen("faceactors.face_detection.runs"));
    }

    [Fact]
    public void Recognised_faces_are_counted_as_detected_and_as_known_or_unknown()
    {
        var detection = new FaceDetection(new Box(0, 0, 40, 40), 0.99f, new FaceLandmarks(LandmarkScheme.Mtcnn5, []));

        _metrics.FacesRecognized("door", [
            TestFaces.Recognized(detection, new FaceMatch("alice", 0.8f, "alice")),
            TestFaces.Recognized(detection, new FaceMatch("bob", 0.7f, "bob")),
            TestFaces.Recognized(detection, new FaceMatch(null, 0.2f, "alice"))]);

        Assert.Equal(3, Seen("faceactors.faces.detected").Single().Value);
        Assert.Equal(new Dictionary<string, double> { ["known"] = 2, ["unknown"] = 1 },
            Seen("faceactors.recognitions").ToDictionary(s => s.Tags["result"]!, s => s.Value));
    }

    [Fact]
    public void Stage_times_and_frame_latency_are_recorded_in_seconds()
    {
        _metrics.StageCompleted("door", PipelineStage.FaceDetection, TimeSpan.FromMilliseconds(17));
        _metrics.FrameProcessed("door", TimeSpan.FromMilliseconds(120));

        var stage = Seen("faceactors.stage.duration").Single();
        Assert.Equal((0.017, "face_detection"), (stage.Value, stage.Tags["stage"]));
        Assert.Equal(0.12, Seen("faceactors.frame.latency").Single().Value);
    }

    [Fact]
    public void A_models_work_is_recorded_apart_from_the_steps_wait_by_model()
    {
        _metrics.ModelWorked("embedding", TimeSpan.FromMilliseconds(9));

        var work = Seen("faceactors.inference.duration").Single();
        Assert.Equal((0.009, "embedding"), (work.Value, work.Tags["model"]));
    }

    [Fact]
    public void Inference_queues_and_the_gallery_are_observed_through_their_callbacks()
    {
        var waiting = 3;
        _metrics.AddInferenceQueue("embedding", () => waiting);
        _metrics.ObserveGallery(() => 42);

        _listener.RecordObservableInstruments();

        Assert.Equal(("embedding", 3.0), Seen("faceactors.inference.queue.depth").Select(s => (s.Tags["model"], s.Value)).Single());
        Assert.Equal(42, Seen("faceactors.gallery.identities").Single().Value);
    }
}
