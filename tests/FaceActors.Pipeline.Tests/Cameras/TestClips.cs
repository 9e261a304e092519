using System.Diagnostics;
using FaceActors.TestSupport;

namespace FaceActors.Pipeline.Tests.Cameras;

/// <summary>Short test-pattern clips made with ffmpeg in a temporary folder: 640x480 at 15 fps for 3 s.</summary>
public sealed class TestClips : IDisposable
{
    public const int Width = 640;
    public const int Height = 480;
    public const int Fps = 15;
    public const int FrameCount = 45;

    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("faceactors-cameras-");

    public TestClips()
    {
        // A keyframe every second so a looped or re-served H.264 stream decodes soon after it starts.
        Make(H264, "-c:v", "libx264", "-pix_fmt", "yuv420p", "-g", "15");
        Make(MjpegAvi, "-c:v", "mjpeg", "-q:v", "5");
    }

    public string H264 => Path.Combine(_folder.FullName, "clip.mp4");

    public string MjpegAvi => Path.Combine(_folder.FullName, "clip.avi");

    public void Dispose() => _folder.Delete(recursive: true);

    private static void Make(string path, params string[] encoding)
    {
        var arguments = new List<string> { "-hide_banner", "-loglevel", "error", "-nostdin", "-y", "-f", "lavfi", "-i", $"testsrc=size={Width}x{Height}:rate={Fps}", "-t", "3" };
        arguments.AddRange(encoding);
        arguments.Add(path);
        var exit = ChildProcesses.Run("ffmpeg", arguments, TimeSpan.FromSeconds(60));
        if (exit.Code != 0) throw new InvalidOperationException($"ffmpeg could not make the test clip {path}: {exit.Stderr}. Install it with `apt-get install ffmpeg`.");
    }
}

/// <summary>Child processes of the test: started, found in /proc, stopped.</summary>
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

    /// <summary>Ids of this test process's live children named <paramref name="name"/>.</summary>
    public static IReadOnlyList<int> Named(string name) => ProcessTree.ChildrenNamed(name, Environment.ProcessId);
}

