using System.Diagnostics;
using FaceActors.Testbed.Processes;

namespace FaceActors.Host.Benchmarking.Soak;

/// <summary>
/// `faceactors run` under the soak, in a process of its own: its stderr goes to a log file (and says where it listens),
/// its stdout (the events, as JSON lines) is read here through a pipe shrunk to a page, so that a stalled reader blocks
/// the program's writer within a few events, as a stuck terminal or log shipper would.
/// </summary>
internal sealed class SoakedProgram : IAsyncDisposable
{
    private const string HttpLine = "HTTP: ";
    private const int RequestedStdoutPipeBytes = 4096;

    private readonly Process _process;
    private readonly StreamWriter _log;
    private readonly TaskCompletionSource<Uri> _address = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Task _readingStderr;
    private readonly Task _readingStdout;
    private readonly Queue<string> _lastLogLines = new();
    private volatile TaskCompletionSource _resumed = Resumed();
    private long _stdoutLines;

    private SoakedProgram(Process process, string logPath)
    {
        _process = process;
        _log = new StreamWriter(logPath) { AutoFlush = true };
        StdoutPipeBytes = PipeCapacity.Set(process.StandardOutput.BaseStream, RequestedStdoutPipeBytes);
        _readingStderr = ReadStderrAsync();
        _readingStdout = ReadStdoutAsync();
    }

    public int Pid => _process.Id;

    public bool HasExited => _process.HasExited;

    /// <summary>What the kernel granted for the stdout pipe.</summary>
    public int StdoutPipeBytes { get; }

    /// <summary>Event lines read from its stdout so far.</summary>
    public long StdoutLines => Interlocked.Read(ref _stdoutLines);

    /// <param name="environment">Variables set for it besides this process's own (a cluster node's port, say).</param>
    public static SoakedProgram Start(IEnumerable<string> arguments, string logPath, IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = ThisProgram.StartInfo(arguments);
        foreach (var (name, value) in environment ?? new Dictionary<string, string>()) start.Environment[name] = value;
        return new(Process.Start(start)!, logPath);
    }

    /// <summary>kill -9: the process ends at once, saying nothing to anyone.</summary>
    public async Task KillAsync()
    {
        ResumeStdout();
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
    }

    /// <summary>Where it serves HTTP, once it has said so.</summary>
    public async Task<Uri> AddressAsync(TimeSpan patience)
    {
        try
        {
            return await _address.Task.WaitAsync(patience);
        }
        catch (TimeoutException)
        {
            throw new InvalidOperationException($"faceactors run did not say where it listens within {patience.TotalSeconds:0} s{(HasExited ? $" (it exited with {_process.ExitCode})" : "")}:\n{LastLogLines}");
        }
    }

    /// <summary>Stops reading its stdout, as a stuck consumer does.</summary>
    public void StallStdout() => _resumed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

    public void ResumeStdout() => _resumed.TrySetResult();

    /// <summary>The end of its log, for error messages.</summary>
    public string LastLogLines
    {
        get
        {
            lock (_lastLogLines) return string.Join('\n', _lastLogLines);
        }
    }

    /// <summary>Asks it to stop as a service manager does (SIGTERM) and waits; its exit code, or null if it had to be killed.</summary>
    public async Task<int?> StopAsync(TimeSpan patience)
    {
        ResumeStdout();
        if (!_process.HasExited) ProcessTree.Signal(_process.Id, ProcessTree.SigTerm);
        using var timeout = new CancellationTokenSource(patience);
        try
        {
            await _process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
            return null;
        }
        await Task.WhenAll(_readingStderr, _readingStdout);
        return _process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited) await StopAsync(TimeSpan.FromSeconds(30));
        _process.Dispose();
        await _log.DisposeAsync();
    }

    private static TaskCompletionSource Resumed()
    {
        var resumed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        resumed.SetResult();
        return resumed;
    }

    private async Task ReadStdoutAsync()
    {
        var stdout = _process.StandardOutput;
        while (true)
        {
            await _resumed.Task;
            if (await stdout.ReadLineAsync() is null) return;
            Interlocked.Increment(ref _stdoutLines);
        }
    }

    private async Task ReadStderrAsync()
    {
        while (await _process.StandardError.ReadLineAsync() is { } line)
        {
            await _log.WriteLineAsync(line);
            lock (_lastLogLines)
            {
                _lastLogLines.Enqueue(line);
                if (_lastLogLines.Count > 40) _lastLogLines.Dequeue();
            }
            if (line.StartsWith(HttpLine, StringComparison.Ordinal) && Uri.TryCreate(line[HttpLine.Length..].Trim(), UriKind.Absolute, out var address))
                _address.TrySetResult(address);
        }
    }
}
