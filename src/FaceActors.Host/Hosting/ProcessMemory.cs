using System.Runtime.InteropServices;

namespace FaceActors.Host.Hosting;

/// <summary>
/// The process's memory, held to what the program needs: glibc's arenas capped, and once a minute what the GC and
/// malloc still keep of what the program freed given back. Every camera has threads that allocate natively (its
/// decoder, OpenCV, ONNX Runtime's buffers). By default glibc gives threads arenas of their own (up to 8 per core), and keeps
/// what is freed in an arena for reuse instead of returning it to the system, so the resident set grew with the
/// cameras and, over a soak, by freed memory nobody used again (`malloc_trim` on a soaking program gave back 29 MiB at
/// once). Measured in `bench soak` (docs/benchmarks.md, Soak).
/// </summary>
internal static class ProcessMemory
{
    private const int ArenaMaxOption = -8; // M_ARENA_MAX in glibc's malloc.h
    private const int Arenas = 2;
    /// <summary>How often the program gives back what it freed (the soak bench reads RSS between two trims).</summary>
    public static readonly TimeSpan TrimInterval = TimeSpan.FromMinutes(1);
    // Held so that the timer is not collected.
    private static Timer? _trimming;

    /// <summary>
    /// At most two arenas for the threads created from now on, and freed memory given back every minute. Called first thing, before the cameras' threads exist. The cap cannot undo the
    /// arenas the runtime's own threads made before Main (started directly, the program had 7 at 8 cameras); only
    /// <c>MALLOC_ARENA_MAX</c> in the environment, read as malloc starts, holds from the first thread, which is why the
    /// launcher sets it (2 arenas: peak RSS at 8 cameras 330-337 MiB against 366-376 without). Nothing elsewhere (musl,
    /// other systems).
    /// </summary>
    public static void Manage()
    {
        if (!OperatingSystem.IsLinux()) return;
        try
        {
            MallOpt(ArenaMaxOption, Arenas);
            _trimming = new Timer(_ => GiveBack(), null, TrimInterval, TrimInterval);
        }
        catch (EntryPointNotFoundException)
        {
            // Not glibc (musl has one heap and neither call).
        }
    }

    /// <summary>
    /// A full compacting collection that returns the GC's free regions, then glibc's trim. Between gen-2 collections, which
    /// are rare, the GC keeps what its older generations once held (a soak's GC committed memory grew 19 MiB in 9 minutes
    /// while the live heap stayed under 30 MiB). The collection pauses the program for 8-10 ms a minute (1 and 8 cameras);
    /// finalizers it starts may free native buffers, so the trim waits for them.
    /// </summary>
    private static void GiveBack()
    {
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        MallocTrim(0);
    }

    [DllImport("libc", EntryPoint = "mallopt")]
    private static extern int MallOpt(int option, int value);

    [DllImport("libc", EntryPoint = "malloc_trim")]
    private static extern int MallocTrim(nuint keep);
}
