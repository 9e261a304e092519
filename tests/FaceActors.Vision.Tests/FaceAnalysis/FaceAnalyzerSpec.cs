using FaceActors.Vision.Alignment;
using FaceActors.Vision.Detection;
using FaceActors.Vision.Embedding;
using FaceActors.Vision.FaceAnalysis;
using FaceActors.Vision.Geometry;
using FaceActors.Vision.Inference;
using OpenCvSharp;

namespace FaceActors.Vision.Tests.FaceAnalysis;

/// <summary>
/// The glue on stand-ins: a detector that returns fixed boxes, and an embedder whose "embedding" is the
/// aligned face's mean brightness, so each result can be traced back to its face.
/// </summary>
public sealed class FaceAnalyzerSpec : IDisposable
{
    private readonly Mat _image = new(200, 300, MatType.CV_8UC3, Scalar.All(0));
    private readonly RecordingEmbedder _embedder = new();

    public FaceAnalyzerSpec()
    {
        _image[new Rect(0, 0, 100, 100)].SetTo(Scalar.All(50));
        _image[new Rect(100, 0, 200, 200)].SetTo(Scalar.All(200));
    }

    /// <summary>No landmarks: the aligner's square crop of each box, which here is one flat colour.</summary>
    private static FaceDetection Face(float x, float y, float side) =>
        new(new Box(x, y, x + side, y + side), 0.9f, new FaceLandmarks(LandmarkScheme.Mtcnn5, []));

    [Fact]
    public void Every_face_is_embedded_in_one_call_and_keeps_its_detection()
    {
        var small = Face(0, 0, 100);
        var large = Face(100, 0, 200);
        using var analyzer = new FaceAnalyzer(new FixedDetector(small, large), new FaceAligner(), _embedder);

        var faces = analyzer.Analyze(_image);

        Assert.Equal([2], _embedder.BatchSizes);
        Assert.Equal([small, large], faces.Select(f => f.Detection));
        Assert.Equal(50, faces[0].Embedding[0], 1f);
        Assert.Equal(200, faces[1].Embedding[0], 1f);
    }

    [Fact]
    public void An_image_without_faces_makes_no_embedder_call()
    {
        using var analyzer = new FaceAnalyzer(new FixedDetector(), new FaceAligner(), _embedder);
        Assert.Empty(analyzer.Analyze(_image));
        Assert.Empty(_embedder.BatchSizes);
    }

    [Fact]
    public void Embedding_a_single_face_takes_the_largest()
    {
        using var analyzer = new FaceAnalyzer(new FixedDetector(Face(0, 0, 100), Face(100, 0, 200)), new FaceAligner(), _embedder);
        Assert.Equal(200, analyzer.EmbedSingleFace(_image)[0], 1f);
    }

    [Fact]
    public void Embedding_a_single_face_of_a_faceless_image_says_so()
    {
        using var analyzer = new FaceAnalyzer(new FixedDetector(), new FaceAligner(), _embedder);
        var error = Assert.Throws<NoFaceFoundException>(() => analyzer.EmbedSingleFace(_image, "'empty.jpg'"));
        Assert.Contains("'empty.jpg'", error.Message);
    }

    [Fact]
    public void An_aligner_of_another_size_than_the_embedder_is_refused()
    {
        Assert.Throws<ArgumentException>(() => new FaceAnalyzer(new FixedDetector(), new FaceAligner(160, 160), _embedder));
    }

    public void Dispose() => _image.Dispose();

    private sealed class FixedDetector(params FaceDetection[] faces) : IFaceDetector
    {
        public IReadOnlyList<FaceDetection> Detect(Mat bgr) => faces;
        public IFaceDetector ShareSessions() => new FixedDetector(faces);
        public void Dispose() { }
    }

    private sealed class RecordingEmbedder : IFaceEmbedder
    {
        public List<int> BatchSizes { get; } = [];
        public Size InputSize => new(112, 112);
        public int Dimension => 1;

        public IReadOnlyList<float[]> Embed(IReadOnlyList<Mat> alignedFaces)
        {
            BatchSizes.Add(alignedFaces.Count);
            return alignedFaces.Select(f => new[] { (float)f.Mean().Val0 }).ToList();
        }
    }
}
