using Akka.Util;

namespace FaceActors.Pipeline.Cameras.Sources;

/// <summary>
/// The frame read a reader has in flight. A reader closes while a read may still run (the stream stopped, or is
/// restarting the source); that read must end before the resource it uses is disposed. Its frame is the stage's
/// business (<see cref="FrameReaderSource"/> releases one it never took).
/// </summary>
internal sealed class PendingRead
{
    private Task<Option<CameraFrame>> _read = Task.FromResult(Option<CameraFrame>.None);

    public Task<Option<CameraFrame>> Start(Func<Task<Option<CameraFrame>>> read) => _read = read();

    /// <summary>Waits for the read in flight, if any, to end; a failed read has failed the stream already.</summary>
    public Task EndedAsync() => Task.WhenAny(_read);
}
