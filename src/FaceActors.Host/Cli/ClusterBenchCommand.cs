using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using FaceActors.Host.Benchmarking.Cluster;
using FaceActors.Vision;
using Spectre.Console;

namespace FaceActors.Host.Cli;

/// <summary>`faceactors bench cluster`: the same cameras on one process and on three loopback nodes, the traffic between them, and the hand-overs.</summary>
internal static class ClusterBenchCommand
{
    public static Command Build(Option<DirectoryInfo> samples, JsonSerializerOptions json)
    {
        var cameras = new Option<int>("--cameras") { Description = "Cameras looping the bench clip, 3..24; the same on one process and on the cluster.", DefaultValueFactory = _ => 8 };
        var seconds = new Option<int>("--seconds") { Description = "Length of each measuring window after a 10 s warm-up, 10..600.", DefaultValueFactory = _ => 30 };
        var yolo = new Option<FileInfo?>("--yolo") { Description = "A YOLO person detector (ONNX) for the gate, in place of the configured one (faceactors.persons)." };
        var output = new Option<FileInfo?>("--json") { Description = "Also write every figure to this file as JSON." };
        var command = new Command("cluster",
            $"Run the same cameras on one process and on {ClusterBench.Nodes} cluster nodes on this machine (PostgreSQL started privately): CPU per frame and per camera, " +
            "traffic between the nodes with no one in view and with people, PostgreSQL's transactions, and the hand-overs after kill -9 and a node's return.")
        {
            cameras, seconds, yolo, samples, output,
        };
        command.SetAction((result, _) => CommandErrors.RunAsync(async () =>
        {
            var request = new ClusterBenchRequest(result.GetValue(cameras), result.GetValue(seconds), result.GetValue(yolo)?.FullName, result.GetRequiredValue(samples).FullName);
            if (request.Cameras is < 3 or > 24) throw new InvalidInputException($"--cameras must be in 3..24, not {request.Cameras}.");
            if (request.Seconds is < 10 or > 600) throw new InvalidInputException($"--seconds must be in 10..600, not {request.Seconds}.");
            ClusterBenchReport? report = null;
            await CommonOptions.ProgressConsole.Status().StartAsync("Starting", async status =>
                report = await ClusterBench.RunAsync(request, message => status.Status(Markup.Escape(message))));
            Print(report!);
            if (result.GetValue(output) is { } path) await File.WriteAllTextAsync(path.FullName, JsonSerializer.Serialize(report, json));
            return 0;
        }));
        return command;
    }

    private static void Print(ClusterBenchReport r)
    {
        var table = new Table().Title($"{r.Cameras} cameras: one process, and {r.Nodes} nodes on this machine ({r.Cores} cores, {r.Seconds} s windows)");
        foreach (var column in (string[])["", "fps/cam", "CPU ms/frame", "CPU % of machine", "CPU ms per camera-second", "RSS MiB", "between nodes KiB/s", "segments/s", "PostgreSQL tx/s"])
            table.AddColumn(column);
        foreach (var (name, w) in new[] { ("one process", r.Single), ($"{r.Nodes} nodes, no one in view", r.ClusterIdle), ($"{r.Nodes} nodes, people walking in", r.Cluster) })
            table.AddRow(name, F(w.ProcessedFpsPerCamera), F(w.CpuMsPerFrame), F(w.CpuPercentOfMachine), F(w.CpuMsPerCameraSecond),
                string.Join(" / ", w.RssMiB.Select(F)), F(w.RemotingKiBPerSecond), F(w.RemotingSegmentsPerSecond), F(w.PostgresTransactionsPerSecond));
        AnsiConsole.Write(table);
        Console.WriteLine($"cameras per node: {string.Join(", ", r.CamerasPerNode.OrderBy(n => n.Key).Select(n => $"{n.Key}: {n.Value}"))}");
        Console.WriteLine($"the cluster's cost per camera: {F(r.OverheadCpuMsPerCameraSecond)} ms of CPU per second of video");
        Console.WriteLine($"kill -9 of the youngest node: its cameras online on the survivors after {F(r.HandOverYoungestSeconds)} s");
        Console.WriteLine($"its return: its share again {F(r.Rejoin.SecondsToShare)} s after it was ready; longest a camera ran nowhere {F(r.Rejoin.LongestAbsenceSeconds)} s; " +
            $"readings with a camera on two nodes: {r.Rejoin.DoubledReadings}");
        Console.WriteLine($"kill -9 of the oldest node (shard coordinator and gallery): its cameras online on the survivors after {F(r.HandOverOldestSeconds)} s");
    }

    private static string F(double value) => double.IsNaN(value) ? "-" : value.ToString("0.##", CultureInfo.InvariantCulture);
}
