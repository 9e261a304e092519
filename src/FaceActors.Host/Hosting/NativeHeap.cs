using System.Runtime.InteropServices;

namespace FaceActors.Host.Hosting;

/// <summary>
/// glibc's malloc, held to what the program needs. Every camera has threads that allocate natively (its decoder,
/// OpenCV, ONNX Runtime's buffers). By default glibc gives threads arenas of their own (up to 8 per core), and keeps
/// what is freed in an arena for reuse instead of returning it to the system, so the resident set grew with the
/// cameras and, over a soak, by freed memory nobody used again (`malloc_trim` on a soaking program gave back 29 MiB at
/// once). Measured in `bench soak` (docs/benchmarks.md, Soak).
/// </summary>
internal static class NativeHeap
{
    private const int ArenaMaxOption = -8; // M_ARENA_MAX in glibc's malloc.h
    private const int Arenas = 2;
    /// <summary>How often glibc is asked to give back what the program freed (the soak bench reads RSS between two trims).</summary>
    public static readonly TimeSpan TrimInterval = TimeSpan.FromMinutes(1);
    // Held so that the timer is not collected.
    private static Timer? _trimming;

    /// <summary>
    /// Two arenas for the threads created from now on (plenty for the program's two busy cores: 34 MiB less at 8
    /// cameras), and freed memory given back to the system every minute (a trim takes a few milliseconds). Called first
    /// thing, before the cameras' threads exist. Nothing elsewhere (musl, other systems).
    /// </summary>
    public static void Manage()
    {
        if (!OperatingSystem.IsLinux()) return;
        try
        {
            MallOpt(ArenaMaxOption, Arenas);
            _trimming = new Timer(_ => MallocTrim(0), null, TrimInterval, TrimInterval);
        }
        catch (EntryPointNotFoundException)
        {
            // Not glibc (musl has one heap and neither call).
        }
    }

    [DllImport("libc", EntryPoint = "mallopt")]
    private static extern int MallOpt(int option, int value);

    [DllImport("libc", EntryPoint = "malloc_trim")]
    private static extern int MallocTrim(nuint keep);
}
