using System.Collections.Concurrent;
using FaceActors.Pipeline.Streams;
using FaceActors.Pipeline.Tracking;

namespace FaceActors.Host.Benchmarking;

/// <summary>A name given, and when its event came out of the pipeline's event hub.</summary>
public sealed record NameArrived(IdentityAssigned Event, DateTimeOffset ArrivedAt);

/// <summary>
/// What a benchmark run sees of the running pipeline: every frame each camera finished (told by the cameras' streams)
/// and every IdentityAssigned as it leaves the event hub. Thread-safe: cameras report from their stream threads.
/// </summary>
public sealed class PipelineRecorder : IProcessedFrameObserver
{
    private readonly ConcurrentQueue<ProcessedFrame> _frames = new();
    private readonly ConcurrentQueue<NameArrived> _names = new();

    public void OnFrameProcessed(ProcessedFrame frame) => _frames.Enqueue(frame);

    /// <summary>A consumer of the event hub.</summary>
    public void OnEvent(TrackEvent trackEvent)
    {
        if (trackEvent is IdentityAssigned assigned) _names.Enqueue(new NameArrived(assigned, DateTimeOffset.UtcNow));
    }

    public IReadOnlyList<ProcessedFrame> Frames => _frames.ToList();

    public IReadOnlyList<NameArrived> Names => _names.ToList();
}
