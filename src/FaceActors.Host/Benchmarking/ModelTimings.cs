using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using FaceActors.Pipeline.Telemetry;

namespace FaceActors.Host.Benchmarking;

/// <summary>
/// Where a shared model's callers wait: its step as the cameras see it (<see cref="Step"/>, the wait included) and
/// its own work per call (<see cref="Work"/>); the gap is the wait. Person detection runs inside the gate step, whose
/// figure is its step here (motion detection, and the frames YOLO skips, included).
/// </summary>
public sealed record ModelTiming(string Model, Percentiles Step, Percentiles Work);

/// <summary>
/// Hears the pipeline's step and model durations as <see cref="PipelineMetrics"/> records them (a
/// <see cref="MeterListener"/> in the bench's process), while the measured window is open.
/// </summary>
internal sealed class ModelTimings : IDisposable
{
    private static readonly string[] Models = ["face_detection", "embedding", "liveness", "person_detection"];

    private readonly MeterListener _listener = new();
    private readonly ConcurrentQueue<(bool Work, string Model, double Ms)> _heard = new();
    private volatile bool _open;

    public ModelTimings()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == PipelineMetrics.MeterName && instrument.Name is "faceactors.stage.duration" or "faceactors.inference.duration")
                listener.EnableMeasurementEvents(instrument);
        };
        _listener.SetMeasurementEventCallback<double>((instrument, seconds, tags, _) =>
        {
            if (!_open) return;
            var work = instrument.Name == "faceactors.inference.duration";
            foreach (var tag in tags)
            {
                if (tag.Key != (work ? "model" : "stage") || tag.Value is not string name) continue;
                var model = name == "gate" ? "person_detection" : name;
                if (Models.Contains(model)) _heard.Enqueue((work, model, seconds * 1000));
            }
        });
        _listener.Start();
    }

    public void Open() => _open = true;

    public void Close() => _open = false;

    /// <summary>Each model heard from in the window.</summary>
    public IReadOnlyList<ModelTiming> Result()
    {
        var heard = _heard.ToList();
        return Models.Where(m => heard.Any(h => h.Model == m))
            .Select(m => new ModelTiming(m, Percentiles.Of(heard.Where(h => !h.Work && h.Model == m).Select(h => h.Ms)),
                Percentiles.Of(heard.Where(h => h.Work && h.Model == m).Select(h => h.Ms))))
            .ToList();
    }

    public void Dispose() => _listener.Dispose();
}
