using OpenCvSharp;

namespace FaceActors.Pipeline.Cameras;

/// <summary>
/// One decoded BGR frame from a camera. Whoever holds it last disposes it (a dropped frame is disposed
/// by the stage that drops it).
/// </summary>
/// <param name="Sequence">Frames captured by this camera so far, from 1, across restarts.</param>
public sealed record CameraFrame(string CameraId, long Sequence, DateTimeOffset CapturedAt, Mat Image) : IDisposable
{
    public void Dispose() => Image.Dispose();
}
