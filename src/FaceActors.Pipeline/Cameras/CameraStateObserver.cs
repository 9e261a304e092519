using Akka.Actor;

namespace FaceActors.Pipeline.Cameras;

/// <summary>Told of each change of a camera's state. Called on stream threads: return quickly.</summary>
public interface ICameraStateObserver
{
    void OnStateChanged(CameraStateChanged change);
}

/// <summary>Tells an actor each <see cref="CameraStateChanged"/>.</summary>
public sealed class ActorCameraStateObserver(IActorRef target) : ICameraStateObserver
{
    public void OnStateChanged(CameraStateChanged change) => target.Tell(change);
}

/// <summary>
/// Turns what the stream sees into state changes: only real changes are published, and Offline is final
/// (a late failure of a stopped camera must not make it look alive).
/// </summary>
internal sealed class CameraStateReporter(string cameraId, ICameraStateObserver observer, CameraCounters counters)
{
    private readonly Lock _gate = new();
    private CameraState? _current;

    public void Report(CameraState state, string? reason)
    {
        // Under the lock so that observers see changes in the order they happened.
        lock (_gate)
        {
            if (_current == state || _current == CameraState.Offline) return;
            _current = state;
            counters.StateChanged(state);
            observer.OnStateChanged(new CameraStateChanged(cameraId, state, reason, DateTimeOffset.UtcNow));
        }
    }
}
