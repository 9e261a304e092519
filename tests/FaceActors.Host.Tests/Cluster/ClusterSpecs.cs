using System.Diagnostics;
using System.Text.Json;
using FaceActors.Host.Tests.Http;
using FaceActors.TestSupport;
using Npgsql;
using Xunit.Abstractions;

namespace FaceActors.Host.Tests.Cluster;

/// <summary>
/// Three nodes on loopback behave as one system: the cameras spread over them, one node each; an enrolment through one
/// node names the person on another's cameras, every node's output shows every camera's events, and an erasure through
/// a third unnames him everywhere; one Prometheus scrapes them all, and the dashboard answers for each node.
/// </summary>
[Collection(LoopbackClusters.Name)]
public sealed class ClusterSpecs(LoopbackCluster cluster, ITestOutputHelper output) : IClassFixture<LoopbackCluster>
{
    [Fact]
    public async Task Six_cameras_run_two_on_each_of_the_three_nodes_and_each_on_one_node_only()
    {
        var placement = await cluster.EvenPlacementAsync();

        Assert.All(placement.Values, node => Assert.DoesNotContain(" and ", node));
        // Every node lists the same cluster.
        foreach (var node in cluster.Nodes)
        {
            var listed = await node.CamerasAsync();
            Assert.Equal(LoopbackCluster.Cameras, listed.Count);
            Assert.All(listed, c => Assert.Equal(placement[c.Name], c.Node));
        }
    }

    [Fact]
    public async Task An_enrolment_through_one_node_names_him_on_another_node_within_2_s_every_node_sees_it_and_an_erasure_through_a_third_unnames_him_everywhere_within_2_s()
    {
        var placement = await RunningProgram.EventuallyAsync(cluster.PlacementAsync, p => p.Count == LoopbackCluster.Cameras && p.Values.Distinct().Count() == 3,
            LoopbackCluster.Patience, "every camera running, on all three nodes");
        var (a, b, c) = (cluster.Nodes[0], cluster.Nodes[1], cluster.Nodes[2]);

        await LoopbackCluster.EnrolObamaAsync(a);
        var enrolledAt = Stopwatch.StartNew();
        var named = await RunningProgram.EventuallyAsync(() => Task.FromResult(c.Events().FirstOrDefault(e =>
                Is(e, "identity_assigned") && e.GetProperty("identity").GetString() == "obama" && e.GetProperty("node").GetString() == c.Address)),
            e => e.ValueKind != JsonValueKind.Undefined, TimeSpan.FromSeconds(30), $"obama named on a camera of {c.Name}", poll: TimeSpan.FromMilliseconds(50));
        var naming = enrolledAt.Elapsed;
        output.WriteLine($"enrolled through {a.Name}; named on {named.GetProperty("camera")} of {c.Name} {naming.TotalMilliseconds:0} ms after the enrolment was acknowledged");
        Assert.True(naming <= TimeSpan.FromSeconds(2), $"named {naming.TotalSeconds:0.00} s after the enrolment\n{cluster.Logs()}");

        // Every camera names him, and every node's output says so for every camera, each stamped with the node that runs it.
        var camerasNaming = await RunningProgram.EventuallyAsync(() => Task.FromResult(NamedNow(b.Events(), "obama")),
            cameras => cameras.Count == LoopbackCluster.Cameras, LoopbackCluster.Patience, "obama named on every camera");
        foreach (var node in cluster.Nodes)
        {
            var namings = await RunningProgram.EventuallyAsync(() => Task.FromResult(node.Events().Where(e => Is(e, "identity_assigned")).ToList()),
                events => events.Select(e => e.GetProperty("camera").GetString()).Distinct().Count() == LoopbackCluster.Cameras,
                TimeSpan.FromSeconds(10), $"the namings of all six cameras in {node.Name}'s output");
            Assert.All(namings, e => Assert.Equal(placement[e.GetProperty("camera").GetString()!], e.GetProperty("node").GetString()));
        }
        var before = b.Events().Count;
        using (var erased = await b.Http.DeleteAsync("api/gallery/obama")) Assert.True(erased.IsSuccessStatusCode, await erased.Content.ReadAsStringAsync());
        var erasedAt = Stopwatch.StartNew();
        await RunningProgram.EventuallyAsync(() => Task.FromResult(NamedNow(b.Events(), "obama")), cameras => cameras.Count == 0,
            TimeSpan.FromSeconds(30), "obama unnamed on every camera", poll: TimeSpan.FromMilliseconds(50));
        var unnaming = erasedAt.Elapsed;
        output.WriteLine($"erased through {b.Name}; unnamed on all {camerasNaming.Count} cameras {unnaming.TotalMilliseconds:0} ms after the erasure was acknowledged");
        Assert.True(unnaming <= TimeSpan.FromSeconds(2), $"unnamed everywhere {unnaming.TotalSeconds:0.00} s after the erasure\n{cluster.Logs()}");
        Assert.DoesNotContain(b.Events().Skip(before), e => Is(e, "identity_assigned") && e.GetProperty("identity").GetString() == "obama");

        // Each recognition is written once, by the node that ran its camera.
        await using var connection = new NpgsqlConnection(cluster.Database);
        await connection.OpenAsync();
        await using var query = new NpgsqlCommand("SELECT count(*), count(DISTINCT (camera, track, identity, at_ms)) FROM recognition_events WHERE identity = 'obama'", connection);
        await using var counts = await query.ExecuteReaderAsync();
        await counts.ReadAsync();
        Assert.True(counts.GetInt64(0) >= LoopbackCluster.Cameras, $"{counts.GetInt64(0)} recognitions of obama logged");
        Assert.Equal(counts.GetInt64(1), counts.GetInt64(0));
    }

    [Fact]
    public async Task One_prometheus_scrapes_every_node_from_the_targets_the_cluster_lists_and_the_dashboard_answers_for_each_node()
    {
        var targets = await RunningProgram.EventuallyAsync(async () => await cluster.Nodes[0].Http.GetStringAsync("api/cluster/scrape-targets"),
            json => JsonDocument.Parse(json).RootElement.GetArrayLength() == cluster.Nodes.Count, LoopbackCluster.Patience, "every node in the scrape targets");
        var file = Path.Combine(Directory.CreateTempSubdirectory("faceactors-sd-").FullName, "faceactors-nodes.json");
        await File.WriteAllTextAsync(file, targets);
        using var prometheus = PrometheusServer.Discovering(file);

        foreach (var node in cluster.Nodes)
        {
            var queries = GrafanaDashboard.Queries(node.Address).ToList();
            var empty = await RunningProgram.EventuallyAsync(async () =>
            {
                var none = new List<string>();
                foreach (var query in queries)
                    if ((await prometheus.QueryAsync(query)).Count == 0) none.Add(query);
                return none;
            }, none => none.Count == 0, LoopbackCluster.Patience, $"data for every dashboard query of {node.Name}");
            Assert.Empty(empty);
        }
    }

    private static bool Is(JsonElement e, string type) => e.GetProperty("type").GetString() == type;

    /// <summary>The cameras with a track that the events, read in order, leave open and named <paramref name="identity"/>.</summary>
    internal static IReadOnlySet<string> NamedNow(IEnumerable<JsonElement> events, string identity)
    {
        var names = new Dictionary<(string Camera, string? Node, long Track), string?>();
        foreach (var e in events)
        {
            var track = (e.GetProperty("camera").GetString()!, e.GetProperty("node").GetString(), e.GetProperty("track").GetInt64());
            switch (e.GetProperty("type").GetString())
            {
                case "identity_assigned" or "identity_changed":
                    names[track] = e.GetProperty("identity").GetString();
                    break;
                case "track_ended":
                    names.Remove(track);
                    break;
            }
        }
        return names.Where(n => n.Value == identity).Select(n => n.Key.Camera).ToHashSet();
    }
}

/// <summary>The loopback clusters run alone: three nodes and their cameras take the machine, and their timings are what is checked.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class LoopbackClusters
{
    public const string Name = "loopback clusters";
}
