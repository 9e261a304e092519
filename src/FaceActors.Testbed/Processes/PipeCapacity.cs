using System.IO.Pipes;
using System.Runtime.InteropServices;

namespace FaceActors.Testbed.Processes;

/// <summary>
/// The kernel buffer of a pipe (64 KiB by default on Linux). A reader that stops reading blocks the writer only once
/// this buffer is full; shrinking it makes a stalled reader felt within a few lines instead of hundreds.
/// </summary>
public static class PipeCapacity
{
    private const int SetPipeSize = 1031; // F_SETPIPE_SZ

    [DllImport("libc", EntryPoint = "fcntl", SetLastError = true)]
    private static extern int Fcntl(IntPtr fd, int command, int argument);

    /// <summary>Sets the capacity of the pipe behind <paramref name="stream"/> (a child's redirected output) and returns what the kernel granted (at least a page).</summary>
    public static int Set(Stream stream, int bytes)
    {
        if (stream is not PipeStream pipe) throw new ArgumentException($"Not a pipe: {stream.GetType().Name}.", nameof(stream));
        var granted = Fcntl(pipe.SafePipeHandle.DangerousGetHandle(), SetPipeSize, bytes);
        return granted >= 0 ? granted : throw new IOException($"fcntl(F_SETPIPE_SZ, {bytes}) failed with errno {Marshal.GetLastPInvokeError()}.");
    }
}
