using System.Net.Http.Headers;
using FaceActors.Host.Tests.Cli;
using FaceActors.Host.Tests.Http;
using FaceActors.Testbed.Databases;
using FaceActors.Testbed.Processes;
using FaceActors.TestSupport;

namespace FaceActors.Host.Tests.Cluster;

/// <summary>
/// Three `faceactors run` nodes on loopback forming one cluster on a private PostgreSQL, sharing six cameras that loop a
/// clip of Obama standing in view. The persistent gallery starts empty; the folder fallback holds only Biden, so Obama is
/// a stranger until someone enrols him. Timings are the cluster's shortest sensible ones: the split-brain resolver
/// decides after 2 s of stable view and a dead node's cameras move 2 s after that, faces are looked at twice a second,
/// and one face decides a track's name, so that what is measured is the cluster, not the tracker's patience.
/// </summary>
public sealed class LoopbackCluster : IDisposable
{
    public static readonly TimeSpan DownRemovalMargin = TimeSpan.FromSeconds(2);
    public const int Cameras = 6;

    private readonly TempFolder _temp = new();
    private readonly PostgreSqlServer _database = new();

    public LoopbackCluster()
    {
        var clip = ComposedClips.ObamaStands(_temp.File("obama-stands.avi"));
        var fallback = Directory.CreateDirectory(_temp.File("gallery/biden")).FullName;
        File.Copy(TestPaths.SharedData("face_recognition_examples/knn_examples/train/biden/biden.jpg"), Path.Combine(fallback, "biden.jpg"));
        Database = _database.CreateDatabase(pooling: true);
        var ports = Enumerable.Range(0, 3).Select(_ => LoopbackPort.Free()).ToArray();
        var cameras = string.Join("\n", Enumerable.Range(1, Cameras).Select(i => $$"""    { name = cam{{i}}, kind = opencv, url = "{{clip}}", loop = on }"""));
        var config = _temp.Write("cluster.conf", $$"""
            faceactors {
              cameras = [
            {{cameras}}
              ]
              gallery.folder = "{{_temp.File("gallery")}}"
              persistence {
                provider = postgresql
                connection-string = "{{Database}}"
              }
              gate.refresh-interval = 500ms
              tracker { vote-window = 1, max-identification-attempts = 100 }
              cluster {
                enabled = on
                seed-nodes = ["akka.tcp://faceactors@127.0.0.1:{{ports[0]}}", "akka.tcp://faceactors@127.0.0.1:{{ports[1]}}"]
                stable-after = 2s
                down-removal-margin = {{DownRemovalMargin.TotalSeconds}}s
              }
            }
            """);
        Nodes = ports.Select((port, i) => new ClusterNode($"node-{(char)('a' + i)}", port, config, _temp.File($"events-{i}.jsonl"))).ToList();
        foreach (var node in Nodes) node.Start();
        try
        {
            Task.WhenAll(Nodes.Select(n => n.ReadyAsync(TimeSpan.FromMinutes(3)))).GetAwaiter().GetResult();
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    public IReadOnlyList<ClusterNode> Nodes { get; }

    /// <summary>The cluster's store, as an Npgsql connection string.</summary>
    public string Database { get; }

    /// <summary>The photo the specs enrol Obama with (not a frame of the clip).</summary>
    public static string ObamaPhoto => TestPaths.SharedData("face_recognition_examples/knn_examples/train/obama/obama.jpg");

    /// <summary>How long a spec waits for what the cluster does by itself: forming, spreading, naming.</summary>
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    /// <summary>Waits until two cameras run on each node, each on one; returns where each runs.</summary>
    public Task<IReadOnlyDictionary<string, string>> EvenPlacementAsync() => RunningProgram.EventuallyAsync(PlacementAsync,
        p => p.Count == Cameras && p.Values.GroupBy(n => n).All(g => g.Count() == 2) && p.Values.Distinct().Count() == Nodes.Count,
        Patience, "two cameras on each node");

    /// <summary>Enrols Obama through <paramref name="node"/>'s API, as a user uploading a photo does.</summary>
    public static async Task EnrolObamaAsync(ClusterNode node)
    {
        using var form = new MultipartFormDataContent();
        form.Add(new StringContent("obama"), "name");
        var photo = new ByteArrayContent(await File.ReadAllBytesAsync(ObamaPhoto));
        photo.Headers.ContentType = new MediaTypeHeaderValue("image/jpeg");
        form.Add(photo, "photo", "obama.jpg");
        using var enrolled = await node.Http.PostAsync("api/gallery", form);
        Assert.True(enrolled.IsSuccessStatusCode, await enrolled.Content.ReadAsStringAsync());
    }

    /// <summary>Where each camera runs, as the first running node lists it; a camera on no node is left out.</summary>
    public async Task<IReadOnlyDictionary<string, string>> PlacementAsync()
    {
        var cameras = await Nodes.First(n => n.Running).CamerasAsync();
        return cameras.Where(c => c is { Node: not null, State: "online" }).GroupBy(c => c.Name).ToDictionary(g => g.Key, g => string.Join(" and ", g.Select(c => c.Node)));
    }

    /// <summary>What each node said on stderr, for a failure's message.</summary>
    public string Logs() => string.Join("\n", Nodes.Select(n => $"--- {n.Name} ({n.Address}):\n{Tail(n.Stderr, 4000)}"));

    private static string Tail(string text, int length) => text.Length <= length ? text : text[^length..];

    public void Dispose()
    {
        // One after another: two nodes leaving at the same instant wait out a 10 s timeout (docs/ENVIRONMENT.md).
        foreach (var node in Nodes ?? []) node.Dispose();
        _database.Dispose();
        _temp.Dispose();
    }
}
