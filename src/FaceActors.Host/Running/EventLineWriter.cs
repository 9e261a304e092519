using System.Threading.Channels;
using FaceActors.Pipeline.Events;
using FaceActors.Pipeline.Tracking;

namespace FaceActors.Host.Running;

/// <summary>
/// Writes events as JSON lines to standard output or a file, through a bounded buffer of its own: a reader that stops
/// reading (a stalled pipe, a full disk) fills this buffer, and then events for this writer are dropped and counted,
/// while the hub, the other consumers and every camera's tracker go on.
/// </summary>
internal sealed class EventLineWriter : IAsyncDisposable
{
    public const int Capacity = 4096;

    private readonly TextWriter _output;
    private readonly Channel<TrackEvent> _buffer = Channel.CreateBounded<TrackEvent>(new BoundedChannelOptions(Capacity)
    {
        SingleReader = true,
        FullMode = BoundedChannelFullMode.Wait,
    });
    private readonly Task _writing;
    private long _dropped;
    private long _written;

    public EventLineWriter(string name, TextWriter output)
    {
        Name = name;
        _output = output;
        _writing = Task.Run(WriteAllAsync);
    }

    /// <summary>Where the lines go, for logs and metrics ("stdout" or the file).</summary>
    public string Name { get; }

    public long Dropped => Interlocked.Read(ref _dropped);

    public long Written => Interlocked.Read(ref _written);

    /// <summary>Takes one event without waiting: buffered, or dropped and counted when the buffer is full.</summary>
    public void Write(TrackEvent trackEvent)
    {
        if (!_buffer.Writer.TryWrite(trackEvent) && Interlocked.Increment(ref _dropped) == 1)
            Console.Error.WriteLine($"events: {Name} is not keeping up; events for it are dropped (and counted) until it does");
    }

    /// <summary>Writes what the buffer holds and stops; false when the output did not take it all within <paramref name="timeout"/>.</summary>
    public async Task<bool> DrainAsync(TimeSpan timeout)
    {
        _buffer.Writer.TryComplete();
        return await Task.WhenAny(_writing, Task.Delay(timeout)) == _writing;
    }

    private async Task WriteAllAsync()
    {
        await foreach (var trackEvent in _buffer.Reader.ReadAllAsync())
        {
            await _output.WriteLineAsync(TrackEventJson.Serialize(trackEvent));
            Interlocked.Increment(ref _written);
        }
        await _output.FlushAsync();
    }

    public async ValueTask DisposeAsync()
    {
        _buffer.Writer.TryComplete();
        if (!_writing.IsCompleted) return;
        await _writing;
    }
}
