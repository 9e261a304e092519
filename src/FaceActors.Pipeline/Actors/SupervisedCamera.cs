using Akka.Actor;
using Akka.Event;
using Akka.Pattern;
using FaceActors.Pipeline.Cameras;

namespace FaceActors.Pipeline.Actors;

/// <summary>
/// A <see cref="CameraActor"/> under a backoff supervisor of its own: a camera actor that throws (in <c>PreStart</c> too)
/// is restarted after an exponential backoff (the camera's <see cref="CameraSettings.Backoff"/>), at most
/// <c>maxRestarts</c> times in a row, and then the supervisor stops, which its parent sees as the camera given up.
/// Messages to the supervisor (<see cref="CameraActor.StopCamera"/>) reach the camera. The one way a camera runs, whether
/// a node's <see cref="CameraSupervisorActor"/> owns it or a cluster shard does.
/// </summary>
public static class SupervisedCamera
{
    /// <summary>Restarts in a row (without a healthy minute between them) after which a failing camera is given up.</summary>
    public const int DefaultMaxRestarts = 10;

    /// <summary>Why a camera whose supervisor stopped without being asked is offline.</summary>
    public const string GaveUpReason = "it kept failing, and was given up after its restarts; see the warnings above, fix it and restart FaceActors";

    /// <param name="states">Told each <see cref="CameraStateChanged"/>; the parent, usually.</param>
    /// <param name="log">Where the supervisor says a camera failed; the parent's log.</param>
    public static Props Props(CameraSettings camera, CameraNode node, ICameraStateObserver states, CameraCounters counters, ILoggingAdapter log,
        int maxRestarts = DefaultMaxRestarts) =>
        BackoffSupervisor.Props(Backoff.OnFailure(CameraActor.Props(camera, node, states, counters), "camera",
                camera.Backoff.Min, camera.Backoff.Max, camera.Backoff.RandomFactor, maxRestarts)
            .WithAutoReset(TimeSpan.FromMinutes(1))
            .WithSupervisorStrategy(new OneForOneStrategy(maxRestarts, TimeSpan.FromMinutes(10), Decider.From(error =>
            {
                log.Warning("Camera {0} failed ({1}); restarting it after a backoff", camera.Name, error.GetBaseException().Message);
                return Directive.Restart;
            }))));

    /// <summary>The camera's state once it was given up: its counters say Offline, and the change says why.</summary>
    public static CameraStateChanged GaveUp(string camera, CameraCounters counters)
    {
        counters.StateChanged(CameraState.Offline);
        return new CameraStateChanged(camera, CameraState.Offline, GaveUpReason, DateTimeOffset.UtcNow);
    }
}
