using Akka;
using Akka.Streams;
using Akka.Streams.Dsl;
using FaceActors.Pipeline.Cameras.Sources;

namespace FaceActors.Pipeline.Cameras;

/// <summary>
/// A supervised camera: the raw source for its kind, restarted with backoff when it fails, ends or stalls,
/// keeping only its newest frames (<see cref="CameraSettings.FramesWaiting"/>) when downstream is busy.
/// </summary>
public static class CameraSource
{
    /// <summary>
    /// The camera's frames, numbered from 1 across restarts. It completes only when a file that does not
    /// loop has ended; a live camera runs until cancelled. States go to <paramref name="observer"/>
    /// (Online on the first frame after each start, Reconnecting on a failure, stall or end, Offline at the
    /// end; Reconnecting, not Offline, when the pipeline behind it failed and the camera will start it again), counts to
    /// <paramref name="counters"/>. Frame buffers come from <paramref name="pool"/>, which outlives restarts.
    /// </summary>
    /// <remarks>
    /// Raw sources number their frames per run; the camera renumbers them across restarts.
    /// The latest-frames buffer drops only when downstream runs asynchronously (SelectAsync to an actor, or an
    /// async boundary); a synchronous stage fused behind it holds up capture instead.
    /// </remarks>
    /// <exception cref="CameraSettingsException">The settings cannot work.</exception>
    /// <exception cref="FfmpegNotFoundException">An ffmpeg camera, and no ffmpeg.</exception>
    public static Source<CameraFrame, NotUsed> Create(CameraSettings settings, ICameraStateObserver observer, CameraCounters counters, FramePool pool)
    {
        if (pool.Width != settings.Width || pool.Height != settings.Height)
            throw new ArgumentException($"Camera '{settings.Name}' gives {settings.Width}x{settings.Height} frames, but its pool holds {pool.Width}x{pool.Height}.", nameof(pool));
        settings.Validate();
        if (settings.Kind == CameraKind.Ffmpeg) FfmpegFrameSource.RequireFfmpeg(settings.FfmpegPath);
        Func<Source<CameraFrame, NotUsed>> openRaw = settings.Kind switch
        {
            CameraKind.Ffmpeg => () => FfmpegFrameSource.Create(settings, pool),
            CameraKind.OpenCv => () => OpenCvFrameSource.Create(settings, pool),
            CameraKind.Mjpeg => () => MjpegFrameSource.Create(settings, counters, pool),
            _ => throw new ArgumentOutOfRangeException(nameof(settings), settings.Kind, "Unknown camera kind."),
        };
        return Supervise(settings, openRaw, observer, counters);
    }

    /// <summary>The supervision every kind shares, around any raw source (tests give it synthetic ones). Materialize it once.</summary>
    internal static Source<CameraFrame, NotUsed> Supervise(
        CameraSettings settings, Func<Source<CameraFrame, NotUsed>> openRaw, ICameraStateObserver observer, CameraCounters counters)
    {
        var state = new CameraStateReporter(settings.Name, observer, counters);
        var transit = new FramesInTransit();

        Source<CameraFrame, NotUsed> OneRun() =>
            openRaw()
                .IdleTimeout(settings.StallTimeout)
                .Select(frame => transit.Sent(frame.Renumbered(settings.Name, counters.NextSequence())))
                .Via(new StreamLifecycle<CameraFrame>
                {
                    OnFirstElement = () => state.Report(CameraState.Online, null),
                    OnFailed = failure => state.Report(CameraState.Reconnecting, Describe(failure, settings)),
                    // A final end passes through and takes the camera offline below.
                    OnCompleted = settings.EndIsFinal ? null : () => state.Report(CameraState.Reconnecting, "the stream ended"),
                });

        var backoff = RestartSettings.Create(settings.Backoff.Min, settings.Backoff.Max, settings.Backoff.RandomFactor);
        // A live camera should never end, so its end restarts it like a failure; a file that does not loop
        // restarts only on failures, and its end completes the camera.
        var runs = settings.EndIsFinal
            ? RestartSource.OnFailuresWithBackoff(OneRun, backoff)
            : RestartSource.WithBackoff(OneRun, backoff);
        return runs
            .Select(transit.Arrived)
            .WatchTermination((notUsed, stopped) =>
            {
                stopped.ContinueWith(_ => transit.Close(), TaskContinuationOptions.ExecuteSynchronously);
                return notUsed;
            })
            .Via(new LatestFrames(settings.FramesWaiting, counters.FrameDropped))
            .Via(new StreamLifecycle<CameraFrame>
            {
                OnCompleted = () => state.Report(CameraState.Offline, "the file ended"),
                OnFailed = failure => state.Report(CameraState.Offline, Describe(failure, settings)),
                // Cancelled because the pipeline failed: the source was fine, and the camera restarts the whole stream.
                OnCancelled = cause => state.Report(cause is null ? CameraState.Offline : CameraState.Reconnecting,
                    cause is null ? "stopped" : $"the pipeline failed ({Describe(cause, settings)}); restarting"),
            });
    }

    /// <summary>A failure in words for logs and the API, without the wrappers tasks put around it.</summary>
    internal static string Describe(Exception failure, CameraSettings settings)
    {
        while (failure is AggregateException { InnerExceptions.Count: 1 } aggregate) failure = aggregate.InnerExceptions[0];
        return failure switch
        {
            TimeoutException => $"stalled: no frame for {settings.StallTimeout.TotalSeconds:0.#} s",
            _ => failure.Message,
        };
    }
}
