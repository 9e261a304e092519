using FaceActors.TestSupport;
using FaceActors.Vision.Embedding;
using FaceActors.Vision.Imaging;
using FaceActors.Vision.Inference;
using FaceActors.Vision.Preprocessing;
using OpenCvSharp;

namespace FaceActors.Vision.Tests.Embedding;

/// <summary>The installed MobileFaceNet (converted from TFLite: input [N,112,112,3], output [N,192]).</summary>
public sealed class OnnxFaceEmbedderSpec : IDisposable
{
    private static string MobileFaceNetPath => TestPaths.InstalledModel(DefaultModels.MobileFaceNet);
    private readonly OnnxFaceEmbedder _embedder = new(EmbedderDescription.MobileFaceNet(MobileFaceNetPath));
    private readonly Mat _photo = ImageLoader.Load(TestPaths.SharedData("face_recognition_examples/knn_examples/train/obama/obama.jpg"));

    /// <summary>Three different 112x112 crops (not aligned faces: these tests are about the plumbing).</summary>
    private Mat[] Crops() =>
    [
        _photo[new Rect(0, 0, 200, 200)].Resize(new Size(112, 112)),
        _photo[new Rect(50, 30, 180, 180)].Resize(new Size(112, 112)),
        _photo[new Rect(20, 60, 150, 150)].Resize(new Size(112, 112)),
    ];

    [Fact]
    public void An_embedding_has_the_described_size_and_unit_length()
    {
        using var face = Crops()[0];
        var embedding = _embedder.Embed(face);

        Assert.Equal(192, embedding.Length);
        Assert.Equal(1.0, Math.Sqrt(embedding.Sum(v => (double)v * v)), 4);
    }

    [Fact]
    public void A_batch_gives_the_same_embeddings_as_one_face_at_a_time()
    {
        var crops = Crops();
        try
        {
            var batched = _embedder.Embed(crops);
            Assert.Equal(3, batched.Count);
            for (var i = 0; i < crops.Length; i++)
            {
                var single = _embedder.Embed(crops[i]);
                for (var k = 0; k < single.Length; k++) Assert.Equal(single[k], batched[i][k], 1e-4f);
            }
            Assert.True(Dot(batched[0], batched[1]) < 0.999f, "different crops must not give the same embedding");
        }
        finally
        {
            foreach (var c in crops) c.Dispose();
        }
    }

    [Fact]
    public void A_model_with_a_fixed_batch_of_two_embeds_three_faces_in_two_padded_calls()
    {
        using var fixedBatch = new OnnxFaceEmbedder(EmbedderDescription.MobileFaceNet(DeclaredShapes.WithFixedBatch(MobileFaceNetPath, 2)));
        var crops = Crops();
        try
        {
            var expected = _embedder.Embed(crops);
            var actual = fixedBatch.Embed(crops);
            Assert.Equal(3, actual.Count);
            for (var i = 0; i < crops.Length; i++)
            for (var k = 0; k < 192; k++)
                Assert.Equal(expected[i][k], actual[i][k], 1e-4f);
        }
        finally
        {
            foreach (var c in crops) c.Dispose();
        }
    }

    [Fact]
    public void A_face_of_another_size_is_resized_rather_than_rejected()
    {
        using var big = _photo[new Rect(0, 0, 200, 200)].Clone();
        Assert.Equal(192, _embedder.Embed(big).Length);
    }

    [Fact]
    public void No_faces_make_no_model_call_and_no_embeddings()
    {
        Assert.Empty(_embedder.Embed([]));
    }

    public static TheoryData<string, Func<EmbedderDescription, EmbedderDescription>> WrongDescriptions => new()
    {
        { "width 160", d => d with { InputWidth = 160 } },
        { "height 96", d => d with { InputHeight = 96 } },
        { "NCHW", d => d with { Layout = TensorLayout.Nchw } },
        { "512", d => d with { OutputDimension = 512 } },
    };

    [Theory]
    [MemberData(nameof(WrongDescriptions))]
    public void A_description_the_model_does_not_match_is_refused_naming_the_part(string part, Func<EmbedderDescription, EmbedderDescription> change)
    {
        var description = change(EmbedderDescription.MobileFaceNet(MobileFaceNetPath));
        var error = Assert.Throws<ModelMismatchException>(() => new OnnxFaceEmbedder(description));
        var expected = part switch { "width 160" => "width 112", "height 96" => "height 112", "NCHW" => "channels", _ => "192" };
        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public void A_missing_model_says_how_to_install_it()
    {
        var error = Assert.Throws<ModelNotFoundException>(() => new OnnxFaceEmbedder(EmbedderDescription.MobileFaceNet("/nowhere/mobilefacenet.onnx")));
        Assert.Contains("models install", error.Message);
    }

    private static float Dot(float[] a, float[] b) => a.Zip(b, (x, y) => x * y).Sum();

    public void Dispose()
    {
        _embedder.Dispose();
        _photo.Dispose();
    }
}
