namespace FaceActors.Testbed.Processes;

/// <summary>What /proc says about a process's children, and POSIX signals, for specs that check a program leaves no child behind.</summary>
public static class ProcessTree
{
    public const int SigInt = 2;
    public const int SigTerm = 15;

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    public static extern int Signal(int pid, int signal);

    /// <summary>Whether the process runs (exists and is not a zombie).</summary>
    public static bool IsAlive(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return stat[(stat.LastIndexOf(')') + 2)] != 'Z';
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>Ids of <paramref name="parent"/>'s live children named <paramref name="name"/> (zombies are gone already).</summary>
    public static IReadOnlyList<int> ChildrenNamed(string name, int parent)
    {
        var found = new List<int>();
        foreach (var folder in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(folder), out var pid)) continue;
            string stat;
            try
            {
                stat = File.ReadAllText(Path.Combine(folder, "stat"));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                continue; // it exited while we looked
            }
            // "pid (comm) state ppid ...": comm may hold spaces, so split after its closing parenthesis.
            var open = stat.IndexOf('(');
            var close = stat.LastIndexOf(')');
            var comm = stat[(open + 1)..close];
            var rest = stat[(close + 2)..].Split(' ');
            if (comm == name && rest[0] != "Z" && int.Parse(rest[1]) == parent) found.Add(pid);
        }
        return found;
    }
}
