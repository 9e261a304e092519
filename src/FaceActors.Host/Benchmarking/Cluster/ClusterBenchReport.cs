namespace FaceActors.Host.Benchmarking.Cluster;

/// <summary>One measuring window: per-camera rate, CPU (per frame, of the machine, per camera), each process's RSS, traffic between nodes, PostgreSQL.</summary>
/// <param name="CpuMsPerCameraSecond">CPU milliseconds each camera costs per second of video, all processes together.</param>
/// <param name="RemotingKiBPerSecond">Bytes the nodes sent each other (cluster ports only), in KiB per second.</param>
/// <param name="RemotingSegmentsPerSecond">TCP data segments those bytes took (Akka.Remote batches messages into writes).</param>
/// <param name="PostgresTransactionsPerSecond">Transactions committed in the cluster's database, per second.</param>
internal sealed record WindowFigures(double ProcessedFpsPerCamera, double CpuMsPerFrame, double CpuPercentOfMachine, double CpuMsPerCameraSecond,
    IReadOnlyList<double> RssMiB, double RemotingKiBPerSecond, double RemotingSegmentsPerSecond, double PostgresTransactionsPerSecond);

/// <param name="SecondsToShare">From the returning node's readiness until it runs its share of cameras.</param>
/// <param name="LongestAbsenceSeconds">The longest any camera was listed online nowhere meanwhile (readings every 250 ms).</param>
/// <param name="DoubledReadings">Readings that listed a camera online on two nodes.</param>
internal sealed record RejoinFigures(double SecondsToShare, double LongestAbsenceSeconds, int DoubledReadings);

/// <param name="HandOverYoungestSeconds">kill -9 of the youngest node until its cameras are online on the survivors.</param>
/// <param name="HandOverOldestSeconds">The same for the oldest node, which also ran the shard coordinator and the gallery.</param>
internal sealed record ClusterBenchReport(DateTimeOffset At, string Machine, int Cores, string Command, int Cameras, int Nodes, int Seconds,
    WindowFigures Single, WindowFigures ClusterIdle, WindowFigures Cluster, IReadOnlyDictionary<string, int> CamerasPerNode,
    double HandOverYoungestSeconds, RejoinFigures Rejoin, double HandOverOldestSeconds)
{
    /// <summary>What the cluster costs each camera beyond one process: CPU milliseconds per second of video.</summary>
    public double OverheadCpuMsPerCameraSecond => Math.Round(Cluster.CpuMsPerCameraSecond - Single.CpuMsPerCameraSecond, 1);
}
