using System.Runtime.InteropServices;

namespace FaceActors.Host.Hosting;

/// <summary>
/// glibc's malloc gives threads arenas of their own (up to 8 per core), and an arena keeps what was freed in it for
/// reuse rather than returning it to the system. Every camera has threads that allocate natively (its decoder, OpenCV,
/// ONNX Runtime's buffers), so the resident set grew with the cameras by arenas that sat mostly idle. Two arenas are
/// plenty for the program's two busy cores: measured in `bench soak` with 8 cameras, 34 MiB less resident memory for
/// the same work (docs/benchmarks.md, Soak).
/// </summary>
internal static class NativeHeap
{
    private const int ArenaMaxOption = -8; // M_ARENA_MAX in glibc's malloc.h
    private const int Arenas = 2;

    /// <summary>Caps glibc's arenas for the threads created from now on; called first thing, before the cameras' threads exist. Nothing elsewhere (musl, other systems).</summary>
    public static void LimitArenas()
    {
        if (!OperatingSystem.IsLinux()) return;
        try
        {
            MallOpt(ArenaMaxOption, Arenas);
        }
        catch (EntryPointNotFoundException)
        {
            // Not glibc (musl has one heap and no mallopt).
        }
    }

    [DllImport("libc", EntryPoint = "mallopt")]
    private static extern int MallOpt(int option, int value);
}
