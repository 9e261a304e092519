using System.Diagnostics;

namespace FaceActors.Testbed.Processes;

/// <summary>Child processes of this process: run to the end, started, found in /proc, stopped.</summary>
public static class ChildProcesses
{
    public static (int Code, string Stderr) Run(string program, IEnumerable<string> arguments, TimeSpan timeout)
    {
        var stderr = new System.Collections.Concurrent.ConcurrentQueue<string>();
        using var process = Start(program, arguments, stderr.Enqueue);
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{program} did not finish within {timeout}.");
        }
        // The parameterless wait also waits for the last stderr lines.
        process.WaitForExit();
        return (process.ExitCode, string.Join(Environment.NewLine, stderr));
    }

    /// <summary>Starts a program whose output is read all the time (a full pipe would block it); stderr lines go to <paramref name="onStderrLine"/>.</summary>
    public static Process Start(string program, IEnumerable<string> arguments, Action<string>? onStderrLine = null)
    {
        var startInfo = new ProcessStartInfo(program) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var argument in arguments) startInfo.ArgumentList.Add(argument);
        var process = new Process { StartInfo = startInfo };
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, line) =>
        {
            if (line.Data is not null) onStderrLine?.Invoke(line.Data);
        };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    /// <summary>Asks a process to end with SIGTERM, as `kill PID` does, so that it can say goodbye to its peers;
    /// SIGKILL if it has not ended within 10 s.</summary>
    public static void Terminate(Process process)
    {
        if (!process.HasExited && ProcessTree.Signal(process.Id, ProcessTree.SigTerm) == 0) process.WaitForExit(10_000);
        Stop(process);
    }

    public static void Stop(Process process)
    {
        if (!process.HasExited) process.Kill(entireProcessTree: true);
        process.WaitForExit(10_000);
        process.Dispose();
    }

    /// <summary>Ids of this process's live children named <paramref name="name"/>.</summary>
    public static IReadOnlyList<int> Named(string name) => ProcessTree.ChildrenNamed(name, Environment.ProcessId);
}

