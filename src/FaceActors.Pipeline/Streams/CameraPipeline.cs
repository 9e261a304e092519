using Akka;
using Akka.Streams.Dsl;
using Akka.Util;
using FaceActors.Pipeline.Cameras;
using FaceActors.Pipeline.Tracking;
using FaceActors.Recognition.Matching;
using FaceActors.Vision.Detection;
using FaceActors.Vision.FaceAnalysis;

namespace FaceActors.Pipeline.Streams;

/// <summary>
/// One camera's flow: gate → face detection (only when the gate says so) → align and embed → match →
/// tracker. Every step is a <c>SelectAsync</c> with parallelism 1, so each camera has at most one frame
/// in each step and backpressure reaches the camera, which keeps only its newest few frames. A frame is released once its
/// faces are recognised, unless a viewer wants it (<see cref="PipelineStages.WantsFrame"/>): then it goes on beside its
/// observation to the tracker step, which shows it with the tracks, and is released after that.
/// <list type="bullet">
/// <item>A step that fails on a frame costs that frame only: it is released, dropped and told to
/// <see cref="PipelineStages.StepFailed"/>, and the stream goes on, so a model's bad moment never restarts a camera.</item>
/// <item>While no frame reaches the tracker, a tick every <see cref="PipelineStages.ExpiryInterval"/> lets it end the
/// tracks unseen past their time to live; when the frames end (a file's end, the camera stopping), the tracker ends
/// every open track, and those events leave through the same stream.</item>
/// </list>
/// </summary>
public static class CameraPipeline
{
    private sealed record Gated(CameraFrame Frame, Gating.GateDecision Decision);

    /// <summary>What reaches the tracker step: a frame's observation, or time passing without one.</summary>
    private abstract record TrackerInput;

    private sealed record Observed(CameraFrame? Shown, TrackerObservation Observation) : TrackerInput;

    private sealed record Expire(TrackExpiry Expiry) : TrackerInput
    {
        public static readonly Expire Due = new(TrackExpiry.Due);
        public static readonly Expire All = new(TrackExpiry.All);
    }

    public static Flow<CameraFrame, TrackEvent, NotUsed> Create(PipelineStages stages) =>
        Flow.Create<CameraFrame>()
            .SelectAsync(1, frame => Attempt(frame, stages, async () => new Gated(frame, await stages.Gate(frame))))
            .Where(gated => gated.HasValue).Select(gated => gated.Value)
            .SelectAsync(1, gated => Attempt(gated.Frame, stages, () => Observe(gated, stages)))
            .Where(observed => observed.HasValue).Select(observed => (TrackerInput)observed.Value)
            // The ticks end with the frames, then the tracker is told to end everything.
            .Merge(Source.Tick(stages.ExpiryInterval, stages.ExpiryInterval, (TrackerInput)Expire.Due).MapMaterializedValue(_ => NotUsed.Instance),
                eagerComplete: true)
            .Concat(Source.Single<TrackerInput>(Expire.All))
            .SelectAsync(1, input => Track(input, stages))
            .SelectMany(events => events);

    /// <summary>Recognises the faces of a gated frame (when the gate asks for it), and releases the frame unless a viewer wants it.</summary>
    private static async Task<Observed> Observe(Gated gated, PipelineStages stages)
    {
        var (frame, decision) = gated;
        IReadOnlyList<RecognizedFace>? faces = null;
        if (decision.RunFaceDetection)
        {
            var detections = await stages.DetectFaces(frame);
            faces = await Recognize(frame, detections, stages);
        }
        var shown = stages.WantsFrame?.Invoke(frame.CameraId) == true;
        if (!shown) frame.Dispose();
        return new Observed(shown ? frame : null,
            new TrackerObservation(frame.CameraId, frame.Sequence, frame.CapturedAt, decision.Persons, faces) { TracksWanted = shown });
    }

    /// <summary>
    /// Embeds and matches the detected faces; with liveness on, only those not suspected to be a spoof (a suspected one
    /// goes to the tracker unmatched, with its verdict).
    /// </summary>
    private static async Task<IReadOnlyList<RecognizedFace>> Recognize(CameraFrame frame, IReadOnlyList<FaceDetection> detections, PipelineStages stages)
    {
        if (detections.Count == 0) return [];
        var verdicts = stages.CheckLiveness is { } check ? await check(frame, detections) : null;
        var live = Enumerable.Range(0, detections.Count).Where(i => verdicts?[i].SpoofSuspected != true).ToList();
        var toEmbed = live.Count == detections.Count ? detections : live.Select(i => detections[i]).ToList();
        var embedded = live.Count == 0 ? [] : await stages.EmbedFaces(frame, toEmbed);
        var faces = new RecognizedFace[detections.Count];
        for (var i = 0; i < detections.Count; i++)
            faces[i] = new RecognizedFace(detections[i], FaceMatch.Nobody, FaceQuality.Unaligned(detections[i])) { Liveness = verdicts?[i] };
        for (var k = 0; k < live.Count; k++)
        {
            var face = faces[live[k]] = faces[live[k]] with { Match = stages.Match(embedded[k].Embedding), Quality = embedded[k].Quality };
            stages.Review?.Offer(frame.CameraId, frame.CapturedAt, face.Detection, embedded[k], face.Match);
        }
        return faces;
    }

    /// <summary>
    /// Hands an observation (or the passing of time) to the tracker and releases a frame kept for a viewer: nothing after
    /// this needs pixels. A failed tracker step loses that step's events only; the stream goes on.
    /// </summary>
    private static async Task<IReadOnlyList<TrackEvent>> Track(TrackerInput input, PipelineStages stages)
    {
        try
        {
            switch (input)
            {
                case Observed observed:
                    using (observed.Shown) return await stages.Track(observed.Shown, observed.Observation);
                case Expire expire:
                    return await stages.ExpireTracks(expire.Expiry);
                default:
                    throw new ArgumentOutOfRangeException(nameof(input), input, "Unknown tracker input.");
            }
        }
        catch (Exception error)
        {
            // A tick that failed is tried again at the next one: the tracks it would have ended are still there.
            stages.StepFailed?.Invoke((input as Observed)?.Observation.FrameSequence, error);
            return [];
        }
    }

    /// <summary>The step's result, or none when it failed: then the frame is released and the failure told.</summary>
    private static async Task<Option<T>> Attempt<T>(CameraFrame frame, PipelineStages stages, Func<Task<T>> step)
    {
        var sequence = frame.Sequence;
        try
        {
            return Option<T>.Create(await step());
        }
        catch (Exception error)
        {
            frame.Dispose();
            stages.StepFailed?.Invoke(sequence, error);
            return Option<T>.None;
        }
    }
}
