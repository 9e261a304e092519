using OpenCvSharp;

namespace FaceActors.Vision.Inference;

/// <summary>
/// What a model planned for one frame size (pyramid levels, letterbox canvas, pinned tensors), kept for the few sizes
/// a process sees, one per camera resolution: cameras of different resolutions that share one model take turns on it
/// without re-planning and reallocating on every call. Past <see cref="Capacity"/> sizes the least recently used plan
/// is disposed. Not thread-safe: its model is used by one caller at a time.
/// </summary>
internal sealed class PerSizeCache<T>(Func<Size, T> plan, int capacity = 4) : IDisposable where T : IDisposable
{
    private readonly LinkedList<(Size Size, T Plan)> _plans = new();

    public int Capacity { get; } = capacity;

    /// <summary>The sizes planned for now, most recently used first.</summary>
    public IEnumerable<Size> Sizes => _plans.Select(p => p.Size);

    public T For(Size size)
    {
        for (var node = _plans.First; node is not null; node = node.Next)
        {
            if (node.Value.Size != size) continue;
            if (node != _plans.First)
            {
                _plans.Remove(node);
                _plans.AddFirst(node);
            }
            return node.Value.Plan;
        }
        var planned = plan(size);
        _plans.AddFirst((size, planned));
        if (_plans.Count > Capacity)
        {
            _plans.Last!.Value.Plan.Dispose();
            _plans.RemoveLast();
        }
        return planned;
    }

    public void Dispose()
    {
        foreach (var (_, planned) in _plans) planned.Dispose();
        _plans.Clear();
    }
}
