using System.Text.Json;
using FaceActors.Host.Tests.Cli;
using FaceActors.TestSupport;

namespace FaceActors.Host.Tests.Benchmarking;

/// <summary>
/// bench/peers' two pipelines on face_recognition's photos, scored by `eval verification --embeddings` as the peer table
/// scores them: each finds and separates every person. The Python pipeline runs our MobileFaceNet through OpenCV behind
/// its own MTCNN and alignment, so its embeddings must lie close to ours; a landmark or pixel convention it got wrong
/// would not. test.sh installs what they run on (python3-opencv, the face-api packages).
/// </summary>
public sealed class PeerSpecs : IDisposable
{
    private static readonly string Peers = Path.Combine(TestPaths.RepositoryRoot, "bench", "peers");
    private static readonly string Photos = TestPaths.SharedData("face_recognition_examples/knn_examples/train");
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(3);

    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Face_api_in_node_finds_every_face_and_separates_the_people()
    {
        var embeddings = _temp.File("face-api.json");
        var peer = ChildProgram.Run("node", [Path.Combine(Peers, "face-api", "embed.js"), "--data", Photos, "--out", embeddings], Patience);
        Assert.True(peer.ExitCode == 0, $"{peer}\nbench/peers/face-api needs `npm ci` (test.sh runs it).");

        var scored = Score(embeddings);

        Assert.Equal(0, scored.GetProperty("no_face").GetArrayLength());
        Assert.Equal(1.0, scored.GetProperty("best_accuracy").GetDouble());
        Assert.StartsWith("face-api 1.7.15", scored.GetProperty("timings").GetProperty("pipeline").GetString());
    }

    [Fact]
    public void The_opencv_dnn_pipeline_in_python_embeds_every_photo_close_to_ours()
    {
        var peerFile = _temp.File("opencv-dnn.json");
        var oursFile = _temp.File("faceactors.json");
        var peer = ChildProgram.Run("/usr/bin/python3", [Path.Combine(Peers, "opencv-dnn", "embed.py"), "--data", Photos, "--out", peerFile,
            "--mtcnn", TestPaths.SharedModel("mtcnn_reference"), "--embedder", TestPaths.InstalledModel("mobilefacenet.onnx")], Patience);
        Assert.True(peer.ExitCode == 0, $"{peer}\nThe Python peer needs Debian's python3-opencv (test.sh installs it).");
        var ours = FaceActorsProcess.Run("eval", "verification", "--data", Photos, "--save-embeddings", oursFile, "--json");
        Assert.True(ours.ExitCode == 0, ours.ToString());

        var scored = Score(peerFile);

        Assert.Equal(0, scored.GetProperty("no_face").GetArrayLength());
        Assert.Equal(1.0, scored.GetProperty("best_accuracy").GetDouble());
        // The same person's photos score about 0.87 on average and different people's about 0.1 (ORL): 0.95 is the same face.
        var ourEmbeddings = Embeddings(oursFile);
        foreach (var (path, embedding) in Embeddings(peerFile))
            Assert.True(Cosine(embedding, ourEmbeddings[path]) > 0.95, $"{path}: cosine {Cosine(embedding, ourEmbeddings[path]):F3} with ours");
    }

    private static JsonElement Score(string embeddings)
    {
        var result = FaceActorsProcess.Run("eval", "verification", "--data", Photos, "--embeddings", embeddings, "--json");
        Assert.True(result.ExitCode == 0, result.ToString());
        return result.Json;
    }

    private static Dictionary<string, float[]> Embeddings(string file) =>
        JsonDocument.Parse(File.ReadAllText(file)).RootElement.GetProperty("images").EnumerateArray()
            .ToDictionary(i => i.GetProperty("path").GetString()!, i => i.GetProperty("embedding").EnumerateArray().Select(v => v.GetSingle()).ToArray());

    private static double Cosine(float[] a, float[] b)
    {
        double dot = 0, aa = 0, bb = 0;
        for (var i = 0; i < a.Length; i++) (dot, aa, bb) = (dot + a[i] * b[i], aa + a[i] * a[i], bb + b[i] * b[i]);
        return dot / Math.Sqrt(aa * bb);
    }
}
