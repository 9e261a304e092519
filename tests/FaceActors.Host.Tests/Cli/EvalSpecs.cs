using FaceActors.TestSupport;

namespace FaceActors.Host.Tests.Cli;

public sealed class EvalSpecs
{
    [Fact]
    public void Orl_with_aligned_MobileFaceNet_reaches_the_required_rank1_and_eer()
    {
        var result = FaceActorsProcess.Run("eval", "verification", "--data", TestPaths.SharedData("orl_faces"), "--json");

        Assert.True(result.ExitCode == 0, result.ToString());
        var report = result.Json;
        Assert.Equal(79_800, report.GetProperty("pairs").GetInt32());
        Assert.Equal(0, report.GetProperty("no_face").GetArrayLength());
        Assert.True(report.GetProperty("rank1").GetDouble() >= 0.995, result.Stdout);
        Assert.True(report.GetProperty("eer").GetDouble() <= 0.01, result.Stdout);
        Assert.True(report.GetProperty("best_accuracy").GetDouble() >= 0.99, result.Stdout);
        Assert.InRange(report.GetProperty("threshold").GetDouble(), 0.2, 0.8);
        Assert.True(report.GetProperty("same").GetProperty("mean").GetDouble() > report.GetProperty("different").GetProperty("mean").GetDouble());
    }

    [Fact]
    public void Faceres_chosen_by_name_embeds_orl_with_its_own_convention()
    {
        var result = FaceActorsProcess.Run(["eval", "verification", "--data", TestPaths.SharedData("orl_faces"), "--json"],
            new Dictionary<string, string> { ["FACEACTORS__EMBEDDER__NAME"] = "faceres" });

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.True(result.Json.GetProperty("best_accuracy").GetDouble() >= 0.99, result.Stdout);
        Assert.True(result.Json.GetProperty("rank1").GetDouble() >= 0.99, result.Stdout);
    }

    [Fact]
    public void Saved_embeddings_scored_again_give_the_same_measures_and_times_beside_them()
    {
        using var temp = new TempFolder();
        var photos = TestPaths.SharedData("face_recognition_examples/knn_examples/train");
        var saved = temp.File("faceactors.json");

        var made = FaceActorsProcess.Run("eval", "verification", "--data", photos, "--save-embeddings", saved, "--json");
        var scored = FaceActorsProcess.Run("eval", "verification", "--data", photos, "--embeddings", saved, "--json");

        Assert.True(made.ExitCode == 0, made.ToString());
        Assert.True(scored.ExitCode == 0, scored.ToString());
        foreach (var measure in new[] { "pairs", "best_accuracy", "eer", "auc", "rank1" })
            Assert.Equal(made.Json.GetProperty(measure).GetRawText(), scored.Json.GetProperty(measure).GetRawText());
        var timings = scored.Json.GetProperty("timings");
        Assert.StartsWith("FaceActors (Mtcnn, mobilefacenet)", timings.GetProperty("pipeline").GetString());
        Assert.InRange(timings.GetProperty("detect_ms_per_image").GetDouble(), 0.1, 10_000);
        Assert.InRange(timings.GetProperty("embed_ms_per_face").GetDouble(), 0.1, 10_000);
    }

    [Fact]
    public void Embeddings_made_on_another_dataset_are_refused_naming_the_image_they_lack()
    {
        using var temp = new TempFolder();
        var file = temp.Write("peer.json", """
            {"pipeline": "a peer", "threads": 1, "border": 20,
             "images": [{"path": "obama/obama.jpg", "detect_ms": 5, "embed_ms": 2, "embedding": [1, 0]}]}
            """);

        var result = FaceActorsProcess.Run("eval", "verification", "--data", TestPaths.SharedData("face_recognition_examples/knn_examples/train"), "--embeddings", file);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("has no entry for 'alex_lacamoire/img1.jpg'", result.Stderr);
        Assert.DoesNotContain("   at ", result.Stderr);
    }

    [Fact]
    public void A_dataset_folder_with_fewer_than_two_images_is_refused()
    {
        using var temp = new TempFolder();

        var result = FaceActorsProcess.Run("eval", "verification", "--data", temp.Path);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("at least two images", result.Stderr);
    }
}

/// <summary>LFW's protocol (`eval verification --pairs`) on pairs generated from ORL, in both file formats.</summary>
public sealed class PairsProtocolSpecs
{
    /// <summary>Ten folds of four ORL identities each: 30 same and 30 different pairs per fold, drawn with a fixed seed.</summary>
    private static List<(int Fold, bool Same, string A, string B)> OrlPairs(int folds, int perHalf)
    {
        var random = new Random(7);
        var pairs = new List<(int, bool, string, string)>();
        for (var fold = 0; fold < folds; fold++)
        {
            var identities = Enumerable.Range(fold * 4 + 1, 4).Select(i => $"s{i}").ToArray();
            for (var k = 0; k < perHalf; k++)
            {
                var who = identities[random.Next(4)];
                var (i, j) = Distinct(random);
                pairs.Add((fold, true, $"{who}/{i}.pgm", $"{who}/{j}.pgm"));
            }
            for (var k = 0; k < perHalf; k++)
            {
                var (a, b) = Distinct(random, 4);
                pairs.Add((fold, false, $"{identities[a - 1]}/{random.Next(1, 11)}.pgm", $"{identities[b - 1]}/{random.Next(1, 11)}.pgm"));
            }
        }
        return pairs;

        static (int, int) Distinct(Random random, int count = 10)
        {
            var first = random.Next(1, count + 1);
            int second;
            do second = random.Next(1, count + 1); while (second == first);
            return (first, second);
        }
    }

    private static System.Text.Json.JsonElement RunPairs(string data, string pairsFile)
    {
        var result = FaceActorsProcess.Run("eval", "verification", "--data", data, "--pairs", pairsFile, "--json");
        Assert.True(result.ExitCode == 0, result.ToString());
        return result.Json;
    }

    [Fact]
    public void Ten_csv_folds_of_orl_pairs_give_each_fold_a_threshold_from_the_others_and_a_mean_accuracy()
    {
        using var temp = new TempFolder();
        var csv = temp.Write("pairs.csv", "fold,label,img_a,img_b\n" +
            string.Join("\n", OrlPairs(10, 30).Select(p => $"{p.Fold},{(p.Same ? 1 : 0)},{p.A},{p.B}")));

        var report = RunPairs(TestPaths.SharedData("orl_faces"), csv);

        Assert.Equal(600, report.GetProperty("pairs").GetInt32());
        Assert.Equal(10, report.GetProperty("folds").GetArrayLength());
        Assert.All(report.GetProperty("folds").EnumerateArray(), f => Assert.InRange(f.GetProperty("threshold").GetDouble(), 0.2, 0.8));
        Assert.True(report.GetProperty("mean_accuracy").GetDouble() >= 0.98, report.ToString());
        Assert.InRange(report.GetProperty("std_accuracy").GetDouble(), 0, 0.03);
    }

    [Fact]
    public void Lfw_pairs_txt_reads_its_images_by_name_and_number()
    {
        using var temp = new TempFolder();
        // An LFW-layout copy of the ORL identities the pairs use: NAME/NAME_000n.jpg.
        var pairs = OrlPairs(folds: 3, perHalf: 5);
        foreach (var image in pairs.SelectMany(p => new[] { p.A, p.B }).Distinct())
        {
            var (name, number) = (image.Split('/')[0], int.Parse(Path.GetFileNameWithoutExtension(image)));
            Directory.CreateDirectory(Path.Combine(temp.Path, name));
            using var pgm = OpenCvSharp.Cv2.ImRead(Path.Combine(TestPaths.SharedData("orl_faces"), image));
            OpenCvSharp.Cv2.ImWrite(Path.Combine(temp.Path, name, $"{name}_{number:0000}.jpg"), pgm);
        }
        string Line((int Fold, bool Same, string A, string B) p)
        {
            var (a, b) = (p.A.Split('/'), p.B.Split('/'));
            var (na, nb) = (Path.GetFileNameWithoutExtension(a[1]), Path.GetFileNameWithoutExtension(b[1]));
            return p.Same ? $"{a[0]}\t{na}\t{nb}" : $"{a[0]}\t{na}\t{b[0]}\t{nb}";
        }
        var pairsTxt = temp.Write("pairs.txt", "3\t5\n" + string.Join("\n", pairs.Select(Line)));

        var report = RunPairs(temp.Path, pairsTxt);

        Assert.Equal(30, report.GetProperty("pairs").GetInt32());
        Assert.Equal(0, report.GetProperty("unscored_pairs").GetInt32());
        Assert.True(report.GetProperty("mean_accuracy").GetDouble() >= 0.9, report.ToString());
    }

    [Fact]
    public void A_pair_whose_image_gives_no_face_counts_as_an_error_in_its_fold()
    {
        using var temp = new TempFolder();
        var pairs = OrlPairs(folds: 2, perHalf: 10);
        // Fold 0's first same pair names an image that is not there.
        var lines = pairs.Select((p, i) => $"{p.Fold},{(p.Same ? 1 : 0)},{(i == 0 ? "s1/missing.pgm" : p.A)},{p.B}");
        var csv = temp.Write("pairs.csv", "fold,label,img_a,img_b\n" + string.Join("\n", lines));

        var report = RunPairs(TestPaths.SharedData("orl_faces"), csv);

        Assert.Equal(1, report.GetProperty("unscored_pairs").GetInt32());
        var first = report.GetProperty("folds")[0];
        Assert.Equal(1, first.GetProperty("unscored").GetInt32());
        Assert.True(first.GetProperty("accuracy").GetDouble() <= 19 / 20.0, report.ToString());
    }

    [Fact]
    public void A_pairs_file_in_neither_format_is_refused_naming_both()
    {
        using var temp = new TempFolder();
        var bad = temp.Write("pairs.txt", "a,b,c\n1,2,3\n");

        var result = FaceActorsProcess.Run("eval", "verification", "--data", TestPaths.SharedData("orl_faces"), "--pairs", bad);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("fold,label,img_a,img_b", result.Stderr);
    }
}
