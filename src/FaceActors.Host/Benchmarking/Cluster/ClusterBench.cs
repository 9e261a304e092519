using FaceActors.Host.Cli;
using FaceActors.Pipeline.Scenes;
using FaceActors.Testbed.Databases;
using FaceActors.Testbed.Processes;
using Npgsql;

namespace FaceActors.Host.Benchmarking.Cluster;

/// <param name="Cameras">How many cameras loop the bench clip, on one process and on the cluster.</param>
/// <param name="Seconds">How long each measuring window lasts, after a warm-up.</param>
internal sealed record ClusterBenchRequest(int Cameras, int Seconds, string? Yolo, string SamplesFolder);

/// <summary>
/// `bench cluster`: the same cameras on one process and on three cluster nodes sharing this machine, and what the
/// cluster costs. On loopback the nodes share the cores, so it reports CPU per frame and per camera, not speed-up;
/// traffic between the nodes when no one is in view and with people walking in; PostgreSQL's transactions; and the
/// hand-overs: kill -9 of the youngest node, its return, kill -9 of the oldest (which also ran the shard coordinator
/// and the gallery). Every process is `faceactors run`, measured from outside: /proc, `ss`, the API, pg_stat_database.
/// </summary>
internal static class ClusterBench
{
    public const int Nodes = 3;
    private static readonly TimeSpan WarmUp = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(3);
    // The split-brain resolver's and the hand-over's timings, as the cluster specs run them.
    private const string ClusterKeys = "stable-after = 2s\n  down-removal-margin = 2s";

    private sealed record Sample(TimeSpan Cpu, long Frames, RemotingTraffic.Counters Traffic, long Transactions, DateTime At);

    public static async Task<ClusterBenchReport> RunAsync(ClusterBenchRequest request, Action<string> progress)
    {
        var work = Directory.CreateTempSubdirectory("faceactors-bench-cluster-");
        try
        {
            progress("Composing the clips and starting PostgreSQL");
            var clip = BenchClip.Write(request.SamplesFolder, Path.Combine(work.FullName, "clip.avi"));
            var empty = EmptyClip(request.SamplesFolder, Path.Combine(work.FullName, "empty.avi"));
            using var server = new PostgreSqlServer();
            var database = server.CreateDatabase(pooling: true);
            string Config(string video) => $$"""
                faceactors {
                  cameras = [
                {{string.Join("\n", Enumerable.Range(1, request.Cameras).Select(i => $"    {{ name = cam{i}, kind = opencv, url = \"{video}\", loop = on }}"))}}
                  ]
                  gallery.folder = "{{Path.Combine(request.SamplesFolder, SamplesCommand.GalleryName)}}"
                  persistence { provider = postgresql, connection-string = "{{database}}" }
                }
                """;

            progress($"One process, {request.Cameras} cameras");
            WindowFigures single;
            await using (var one = await BenchCluster.StartAsync(work.FullName, Config(clip.Path), 1, clusterKeys: null, request.Yolo))
            {
                await AllOnlineAsync(one, 0, request.Cameras);
                single = await MeasureAsync(one, [0], database, request);
            }

            progress($"{Nodes} nodes, {request.Cameras} cameras, no one in view");
            WindowFigures idle;
            await using (var cluster = await BenchCluster.StartAsync(work.FullName, Config(empty), Nodes, ClusterKeys, request.Yolo))
            {
                await AllOnlineAsync(cluster, 0, request.Cameras);
                idle = await MeasureAsync(cluster, [0, 1, 2], database, request);
            }

            progress($"{Nodes} nodes, {request.Cameras} cameras, people walking in");
            await using (var cluster = await BenchCluster.StartAsync(work.FullName, Config(clip.Path), Nodes, ClusterKeys, request.Yolo))
            {
                await AllOnlineAsync(cluster, 0, request.Cameras);
                var active = await MeasureAsync(cluster, [0, 1, 2], database, request);
                var perNode = (await cluster.CamerasAsync(0)).GroupBy(c => c.Node ?? "none").ToDictionary(g => g.Key, g => g.Count());
                progress("kill -9 of the youngest node");
                var youngest = await HandOverAsync(cluster, killed: 2, watchedFrom: 0);
                progress("the youngest node comes back");
                var rejoin = await RejoinAsync(cluster, node: 2, watchedFrom: 0, request.Cameras);
                progress("kill -9 of the oldest node");
                var oldest = await HandOverAsync(cluster, killed: 0, watchedFrom: 1);
                return new ClusterBenchReport(DateTimeOffset.UtcNow, PipelineBenchReport.MachineDescription(), Environment.ProcessorCount,
                    "faceactors " + string.Join(' ', Environment.GetCommandLineArgs().Skip(1)), request.Cameras, Nodes, request.Seconds,
                    single, idle, active, perNode, youngest, rejoin, oldest);
            }
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }

    /// <summary>The bench clip's background with no one in it: the cameras run, the gate finds no one, no event is made.</summary>
    private static string EmptyClip(string samplesFolder, string path)
    {
        using var photos = SamplesCommand.LoadPhotos(samplesFolder);
        SceneRenderer.WriteVideo(new Scene(photos.Background, BenchClip.ClipFps, BenchClip.ClipSeconds, []), path);
        return path;
    }

    private static async Task AllOnlineAsync(BenchCluster cluster, int node, int cameras)
    {
        var deadline = DateTime.UtcNow + Patience;
        while ((await cluster.CamerasAsync(node)).Count(c => c.State == "online") < cameras)
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"Not all {cameras} cameras were online within {Patience.TotalMinutes:0} minutes.");
            await Task.Delay(500);
        }
    }

    private static async Task<WindowFigures> MeasureAsync(BenchCluster cluster, IReadOnlyList<int> nodes, string database, ClusterBenchRequest request)
    {
        await Task.Delay(WarmUp);
        var before = await SampleAsync(cluster, nodes, database);
        await Task.Delay(TimeSpan.FromSeconds(request.Seconds));
        var after = await SampleAsync(cluster, nodes, database);
        var seconds = (after.At - before.At).TotalSeconds;
        var frames = after.Frames - before.Frames;
        var cpu = (after.Cpu - before.Cpu).TotalMilliseconds;
        var rss = nodes.Select(n => ProcessTree.ResidentBytes(cluster.Pid(n)) is { } bytes ? Math.Round(bytes / 1024.0 / 1024.0) : double.NaN).ToList();
        return new WindowFigures(
            Math.Round(frames / seconds / request.Cameras, 1),
            frames == 0 ? double.NaN : Math.Round(cpu / frames, 2),
            Math.Round(cpu / 1000 / seconds / Environment.ProcessorCount * 100, 1),
            Math.Round(cpu / seconds / request.Cameras, 1),
            rss,
            Math.Round((after.Traffic.Bytes - before.Traffic.Bytes) / seconds / 1024, 1),
            Math.Round((after.Traffic.Segments - before.Traffic.Segments) / seconds, 1),
            Math.Round((after.Transactions - before.Transactions) / seconds, 1));
    }

    private static async Task<Sample> SampleAsync(BenchCluster cluster, IReadOnlyList<int> nodes, string database)
    {
        var cpu = nodes.Aggregate(TimeSpan.Zero, (sum, node) => sum + ProcessTree.CpuTimeWithChildren(cluster.Pid(node)));
        var frames = (await cluster.CamerasAsync(nodes[0])).Sum(c => c.FramesProcessed);
        var traffic = RemotingTraffic.Read(cluster.Ports.Where(p => p != 0).ToList());
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        await using var committed = new NpgsqlCommand("SELECT xact_commit FROM pg_stat_database WHERE datname = current_database()", connection);
        return new Sample(cpu, frames, traffic, Convert.ToInt64(await committed.ExecuteScalarAsync()), DateTime.UtcNow);
    }

    /// <summary>kill -9 of one node: the seconds until every camera it ran is online on a survivor.</summary>
    private static async Task<double> HandOverAsync(BenchCluster cluster, int killed, int watchedFrom)
    {
        var name = cluster.NodeName(killed);
        var moving = (await cluster.CamerasAsync(watchedFrom)).Where(c => c.Node == name).Select(c => c.Name).ToList();
        using var watch = new PlacementWatch(cluster.Http(watchedFrom));
        var killedAt = watch.Elapsed;
        await cluster.KillAsync(killed);
        var online = await watch.UntilAsync(s => moving.All(c => s.Online(c) is [var node] && node != name), Patience, $"the cameras of {name} online elsewhere");
        return Math.Round((online - killedAt).TotalSeconds, 1);
    }

    /// <summary>The node started again: the seconds from its readiness until it runs its share, and the longest any camera was online nowhere.</summary>
    private static async Task<RejoinFigures> RejoinAsync(BenchCluster cluster, int node, int watchedFrom, int cameras)
    {
        using var watch = new PlacementWatch(cluster.Http(watchedFrom));
        cluster.Start(node);
        await cluster.ReadyAsync(node);
        var readyAt = watch.Elapsed;
        var name = cluster.NodeName(node);
        var share = cameras / Nodes;
        var settled = await watch.UntilAsync(s => s.Cameras.Count(c => s.Online(c) is [var n] && n == name) >= share && s.Cameras.All(c => s.Online(c).Count == 1),
            Patience, $"{name} running its share again");
        // Readings on both sides of every move, so that an absence shows as the gap between two of them.
        await Task.Delay(TimeSpan.FromSeconds(3));
        return new RejoinFigures(Math.Round((settled - readyAt).TotalSeconds, 1), Math.Round(watch.LongestAbsence(since: readyAt).TotalSeconds, 1),
            watch.Doubled(since: readyAt).Count);
    }
}
