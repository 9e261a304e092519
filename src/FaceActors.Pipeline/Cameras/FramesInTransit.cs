namespace FaceActors.Pipeline.Cameras;

/// <summary>
/// The frames on their way from a run of a camera's source to the stream that outlives its runs. <c>RestartSource</c>
/// hands each element over through a message to itself, and drops one that arrives after it has stopped: a frame on its
/// way at the stop would never be released, and its pooled buffer never come back. A frame is noted as it leaves the
/// run and struck off as it arrives; when the outer stream has stopped, those left are released, and any frame a run
/// still sends after that is released as it leaves.
/// </summary>
/// <remarks>Thread-safe: runs send on their threads, the outer stream receives on its own.</remarks>
internal sealed class FramesInTransit
{
    private readonly Lock _lock = new();
    private readonly HashSet<CameraFrame> _frames = new(ReferenceEqualityComparer.Instance);
    private bool _closed;

    public CameraFrame Sent(CameraFrame frame)
    {
        lock (_lock)
        {
            if (!_closed)
            {
                _frames.Add(frame);
                return frame;
            }
        }
        frame.Dispose();
        return frame;
    }

    public CameraFrame Arrived(CameraFrame frame)
    {
        lock (_lock) _frames.Remove(frame);
        return frame;
    }

    /// <summary>The outer stream has stopped: nothing will arrive any more.</summary>
    public void Close()
    {
        List<CameraFrame> lost;
        lock (_lock)
        {
            _closed = true;
            lost = [.. _frames];
            _frames.Clear();
        }
        foreach (var frame in lost) frame.Dispose();
    }
}
