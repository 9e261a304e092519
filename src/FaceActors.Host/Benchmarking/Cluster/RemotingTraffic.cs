using System.Diagnostics;
using System.Text.RegularExpressions;

namespace FaceActors.Host.Benchmarking.Cluster;

/// <summary>
/// What the nodes of a loopback cluster send each other, from the kernel's TCP counters (`ss -tin`): bytes and data
/// segments sent on every connection to or from a cluster port. Each connection is seen from both of its ends here,
/// and each end counts only what it sent, so every byte is counted once. HTTP and PostgreSQL use other ports and are
/// left out. Akka.Remote batches messages into its writes, so segments are not messages; bytes are what a network
/// between the nodes must carry.
/// </summary>
internal static partial class RemotingTraffic
{
    public sealed record Counters(long Bytes, long Segments);

    public static Counters Read(IReadOnlyCollection<int> clusterPorts)
    {
        var start = new ProcessStartInfo("ss", ["-tinH", "state", "established"]) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var ss = Process.Start(start) ?? throw new InvalidOperationException("`ss` (iproute2) could not be started; install iproute2.");
        var output = ss.StandardOutput.ReadToEnd();
        ss.WaitForExit();
        long bytes = 0, segments = 0;
        // Each socket is a line "Recv-Q Send-Q LOCAL PEER" followed by an indented line of its counters.
        foreach (Match socket in Socket().Matches(output))
        {
            if (!clusterPorts.Contains(int.Parse(socket.Groups["local"].Value)) && !clusterPorts.Contains(int.Parse(socket.Groups["peer"].Value))) continue;
            var counters = socket.Groups["counters"].Value;
            bytes += Counter(counters, "bytes_sent");
            segments += Counter(counters, "data_segs_out");
        }
        return new Counters(bytes, segments);
    }

    private static long Counter(string counters, string name) =>
        Regex.Match(counters, $@"\b{name}:(\d+)") is { Success: true } match ? long.Parse(match.Groups[1].Value) : 0;

    [GeneratedRegex(@"^\d+\s+\d+\s+\S+:(?<local>\d+)\s+\S+:(?<peer>\d+)[^\n]*\n(?<counters>\s[^\n]*)", RegexOptions.Multiline)]
    private static partial Regex Socket();
}
