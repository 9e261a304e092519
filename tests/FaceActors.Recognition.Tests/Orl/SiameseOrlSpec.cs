using FaceActors.Recognition.Evaluation;
using FaceActors.Recognition.Siamese;
using FaceActors.TestSupport;
using FaceActors.Vision.Alignment;
using FaceActors.Vision.FaceAnalysis;
using FaceActors.Vision.Inference;
using FaceActors.Vision.Mtcnn;
using OpenCvSharp;
using Xunit.Abstractions;

namespace FaceActors.Recognition.Tests.Orl;

/// <summary>ORL embedded once per test class the way `train` and `eval` embed it: MTCNN landmarks, ArcFace alignment, MobileFaceNet.</summary>
public sealed class OrlEmbeddings
{
    public IReadOnlyList<LabelledEmbedding> Samples { get; }

    public OrlEmbeddings()
    {
        using var detector = new MtcnnDetector(new MtcnnOptions
        {
            PNetPath = TestPaths.InstalledModel(DefaultModels.PNet),
            RNetPath = TestPaths.InstalledModel(DefaultModels.RNet),
            ONetPath = TestPaths.InstalledModel(DefaultModels.ONet),
        });
        using var embedder = OrlEvaluation.MobileFaceNet();
        using var analyzer = new FaceAnalyzer(detector, new FaceAligner(embedder.InputSize.Width, embedder.InputSize.Height), embedder);
        using var framed = new Mat();
        var read = OrlEvaluation.Dataset().Read((image, bgr) =>
        {
            Cv2.CopyMakeBorder(bgr, framed, 20, 20, 20, 20, BorderTypes.Constant, Scalar.All(0));
            return new LabelledEmbedding(image.Identity, analyzer.EmbedSingleFace(framed, $"'{image.Path}'"));
        });
        Samples = read.Items.Select(i => i.Value).ToList();
    }
}

/// <summary>
/// The Siamese head against plain cosine on ORL, split by identity: 30 identities train the head, the other 10
/// validate it (every one of their 4,950 pairs), for five seeds. The seeds are 1..5, fixed before any result
/// was seen. Cosine on aligned MobileFaceNet already separates ORL almost perfectly, so the claim is only that
/// the head is no worse: its mean validation EER is at most cosine's plus half a percentage point.
/// </summary>
public sealed class SiameseOrlSpec(OrlEmbeddings orl, ITestOutputHelper output) : IClassFixture<OrlEmbeddings>
{
    private static readonly int[] Seeds = [1, 2, 3, 4, 5];

    [Fact]
    public void On_identities_it_never_saw_the_head_is_no_worse_than_cosine()
    {
        Assert.Equal(400, orl.Samples.Count);
        var results = Seeds.Select(seed => SiameseTraining.Run(orl.Samples, validationIdentities: 10, new SiameseTrainingOptions(Seed: seed))).ToList();

        output.WriteLine("seed | validation identities | cosine EER | head EER | cosine AUC | head AUC | cosine acc | head acc | head threshold");
        foreach (var (seed, r) in Seeds.Zip(results))
        {
            Assert.Empty(r.Split.Train.Intersect(r.Split.Validation));
            Assert.Equal((300, 100), (r.TrainImages, r.ValidationImages));
            Assert.Equal((450, 4500), (r.HeadScores.Same.Count, r.HeadScores.Different.Count));
            output.WriteLine($"{seed} | {string.Join(" ", r.Split.Validation)} | {r.Cosine.EqualErrorRate:P2} | {r.HeadScores.EqualErrorRate:P2} | " +
                             $"{r.Cosine.RocAuc:F5} | {r.HeadScores.RocAuc:F5} | {r.Cosine.BestAccuracy:P2} | {r.HeadScores.BestAccuracy:P2} | {r.Threshold:F3}");
        }
        var (cosineEer, headEer) = (results.Average(r => r.Cosine.EqualErrorRate), results.Average(r => r.HeadScores.EqualErrorRate));
        var (cosineAuc, headAuc) = (results.Average(r => r.Cosine.RocAuc), results.Average(r => r.HeadScores.RocAuc));
        output.WriteLine($"mean | | {cosineEer:P2} | {headEer:P2} | {cosineAuc:F5} | {headAuc:F5} | " +
                         $"{results.Average(r => r.Cosine.BestAccuracy):P2} | {results.Average(r => r.HeadScores.BestAccuracy):P2} |");

        Assert.True(headEer <= cosineEer + 0.005, $"mean head EER {headEer:P2} > mean cosine EER {cosineEer:P2} + 0.5 points");
        Assert.True(headAuc >= 0.99, $"mean head AUC {headAuc:F4}");
    }

    [Fact]
    public void The_same_seed_trains_the_same_head_on_orl()
    {
        var first = SiameseTraining.Run(orl.Samples, 10, new SiameseTrainingOptions(Seed: 3)).Head;
        var again = SiameseTraining.Run(orl.Samples, 10, new SiameseTrainingOptions(Seed: 3)).Head;

        Assert.Equal(first.W1, again.W1);
        Assert.Equal(first.W2, again.W2);
        Assert.Equal(first.B2, again.B2);
    }
}
