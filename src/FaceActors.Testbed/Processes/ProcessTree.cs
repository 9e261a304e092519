namespace FaceActors.Testbed.Processes;

/// <summary>
/// What /proc says about processes (state, children, CPU time, resident memory), and POSIX signals: for specs that
/// check a program leaves no child behind, and for the soak bench, which watches a program from outside.
/// </summary>
public static class ProcessTree
{
    public const int SigHup = 1;
    public const int SigInt = 2;
    public const int SigTerm = 15;

    // Linux reports CPU times in /proc in USER_HZ, which is 100 on every architecture it runs on.
    private const double ClockTicksPerSecond = 100;

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    public static extern int Signal(int pid, int signal);

    /// <summary>One line of /proc/PID/stat, the fields used here.</summary>
    /// <param name="CpuTicks">utime + stime: the process's own CPU time.</param>
    /// <param name="ReapedChildrenCpuTicks">cutime + cstime: CPU time of its children that have ended and been waited for.</param>
    private sealed record Stat(int Pid, string Name, char State, int ParentPid, long CpuTicks, long ReapedChildrenCpuTicks)
    {
        public static Stat? Read(int pid)
        {
            string line;
            try
            {
                line = File.ReadAllText($"/proc/{pid}/stat");
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                return null; // it has exited
            }
            // "pid (comm) state ppid ...": comm may hold spaces, so split after its closing parenthesis.
            var close = line.LastIndexOf(')');
            var fields = line[(close + 2)..].Split(' ');
            return new Stat(pid, line[(line.IndexOf('(') + 1)..close], fields[0][0], int.Parse(fields[1]),
                long.Parse(fields[11]) + long.Parse(fields[12]), long.Parse(fields[13]) + long.Parse(fields[14]));
        }

        public bool Alive => State != 'Z';
    }

    /// <summary>Whether the process runs (exists and is not a zombie).</summary>
    public static bool IsAlive(int pid) => Stat.Read(pid) is { Alive: true };

    /// <summary>Ids of <paramref name="parent"/>'s live children named <paramref name="name"/> (zombies are gone already).</summary>
    public static IReadOnlyList<int> ChildrenNamed(string name, int parent) =>
        Children(parent).Where(child => child.Name == name).Select(child => child.Pid).ToList();

    /// <summary>
    /// CPU time used so far by the process and everything it started: its own, its ended children's, and that of its
    /// live descendants.
    /// </summary>
    public static TimeSpan CpuTimeWithChildren(int pid)
    {
        if (Stat.Read(pid) is not { } stat) return TimeSpan.Zero;
        var ticks = stat.CpuTicks + stat.ReapedChildrenCpuTicks;
        var total = TimeSpan.FromSeconds(ticks / ClockTicksPerSecond);
        foreach (var child in Children(pid)) total += CpuTimeWithChildren(child.Pid);
        return total;
    }

    /// <summary>The process's resident set (VmRSS) in bytes, or null when it has exited.</summary>
    public static long? ResidentBytes(int pid)
    {
        try
        {
            var line = File.ReadLines($"/proc/{pid}/status").FirstOrDefault(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
            // "VmRSS:    123456 kB"
            return line is null ? null : long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]) * 1024;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static IEnumerable<Stat> Children(int parent)
    {
        foreach (var folder in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(folder), out var pid) && Stat.Read(pid) is { Alive: true } stat && stat.ParentPid == parent)
                yield return stat;
        }
    }
}
