using System.Diagnostics;
using System.Text;

namespace FaceActors.Host.Tests.Http;

/// <summary>
/// What `faceactors run` writes on stderr, read as it comes: all of it, and the address it says it listens on. A spec
/// starts it on port 0, so the operating system picks a free port as it binds, and no other process can take that port
/// between a spec choosing it and the program binding it.
/// </summary>
internal sealed class RunStderr
{
    private const string HttpLine = "HTTP: ";
    private readonly StringBuilder _text = new();
    private readonly TaskCompletionSource<Uri> _address = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Task _reading;

    public RunStderr(Process process) => _reading = ReadAsync(process.StandardError);

    /// <summary>Everything written so far.</summary>
    public string Text
    {
        get
        {
            lock (_text) return _text.ToString();
        }
    }

    /// <summary>The address the program listens on, once it has said so.</summary>
    public async Task<Uri> AddressAsync(TimeSpan patience)
    {
        try
        {
            return await _address.Task.WaitAsync(patience);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"faceactors run did not say where it listens within {patience.TotalSeconds:0} s: {Text}");
        }
    }

    /// <summary>Everything, once the program has closed its stderr (it has ended).</summary>
    public async Task<string> AllAsync()
    {
        await _reading;
        return Text;
    }

    private async Task ReadAsync(StreamReader stderr)
    {
        while (await stderr.ReadLineAsync() is { } line)
        {
            lock (_text) _text.AppendLine(line);
            if (line.StartsWith(HttpLine, StringComparison.Ordinal)) _address.TrySetResult(new Uri(line[HttpLine.Length..].Trim()));
        }
        _address.TrySetException(new InvalidOperationException($"faceactors run ended without saying where it listens: {Text}"));
    }
}
