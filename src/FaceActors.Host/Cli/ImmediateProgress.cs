namespace FaceActors.Host.Cli;

/// <summary>Reports on the caller's thread, in order (System.Progress posts to the thread pool and can reorder steps).</summary>
internal sealed class ImmediateProgress<T>(Action<T> report) : IProgress<T>
{
    public void Report(T value) => report(value);
}
