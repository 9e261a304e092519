using Akka.Util;

namespace FaceActors.Pipeline.Cameras.Sources;

/// <summary>
/// The frame read a source has in flight. A source closes while a read may still run (the stream stopped, or is
/// restarting the source); that read must end before the resource it uses is disposed, and its frame, which the stopped
/// stream will never take, must be released so that it goes back to the camera's pool.
/// </summary>
internal sealed class PendingRead
{
    private Task<Option<CameraFrame>> _read = Task.FromResult(Option<CameraFrame>.None);

    public Task<Option<CameraFrame>> Start(Func<Task<Option<CameraFrame>>> read) => _read = read();

    /// <summary>Waits for the read in flight when the source closes, and releases the frame it made. A failed read has failed the stream already.</summary>
    public async Task SettleAsync()
    {
        if (_read.IsCompleted) return;
        await Task.WhenAny(_read);
        if (_read.IsCompletedSuccessfully && _read.Result.HasValue) _read.Result.Value.Dispose();
    }
}
