using Akka;
using Akka.Streams.Dsl;
using FaceActors.Pipeline.Cameras;
using FaceActors.Pipeline.Tracking;

namespace FaceActors.Pipeline.Streams;

/// <summary>
/// One camera's flow: gate → face detection (only when the gate says so) → align and embed → match →
/// tracker. Every step is a <c>SelectAsync</c> with parallelism 1, so each camera has at most one frame
/// in each step and backpressure reaches the camera, which keeps only its latest frame. A frame is released once its
/// faces are recognised, unless a viewer wants it (<see cref="PipelineStages.WantsFrame"/>): then it goes on beside its
/// observation to the tracker step, which shows it with the tracks, and is released after that.
/// </summary>
public static class CameraPipeline
{
    private sealed record Gated(CameraFrame Frame, Gating.GateDecision Decision);

    private sealed record Observed(CameraFrame? Shown, TrackerObservation Observation);

    public static Flow<CameraFrame, TrackEvent, NotUsed> Create(PipelineStages stages) =>
        Flow.Create<CameraFrame>()
            .SelectAsync(1, async frame => new Gated(frame, await DisposeOnFailure(frame, () => stages.Gate(frame))))
            .SelectAsync(1, gated => DisposeOnFailure(gated.Frame, () => Observe(gated, stages)))
            .SelectAsync(1, observed => Track(observed, stages))
            .SelectMany(events => events);

    /// <summary>Recognises the faces of a gated frame (when the gate asks for it), and releases the frame unless a viewer wants it.</summary>
    private static async Task<Observed> Observe(Gated gated, PipelineStages stages)
    {
        var (frame, decision) = gated;
        IReadOnlyList<RecognizedFace>? faces = null;
        if (decision.RunFaceDetection)
        {
            var detections = await stages.DetectFaces(frame.Image);
            var embeddings = detections.Count == 0 ? [] : await stages.EmbedFaces(frame.Image, detections);
            faces = detections.Select((detection, i) => new RecognizedFace(detection, stages.Match(embeddings[i]))).ToList();
        }
        var shown = stages.WantsFrame?.Invoke(frame.CameraId) == true;
        if (!shown) frame.Dispose();
        return new Observed(shown ? frame : null,
            new TrackerObservation(frame.CameraId, frame.Sequence, frame.CapturedAt, decision.Persons, faces) { TracksWanted = shown });
    }

    /// <summary>Hands the observation to the tracker and releases a frame kept for a viewer: nothing after this needs pixels.</summary>
    private static async Task<IReadOnlyList<TrackEvent>> Track(Observed observed, PipelineStages stages)
    {
        using (observed.Shown) return await stages.Track(observed.Shown, observed.Observation);
    }

    private static async Task<T> DisposeOnFailure<T>(CameraFrame frame, Func<Task<T>> step)
    {
        try
        {
            return await step();
        }
        catch
        {
            frame.Dispose();
            throw;
        }
    }
}
