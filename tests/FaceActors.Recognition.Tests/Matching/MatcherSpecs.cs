using FaceActors.Vision;
using FaceActors.Recognition.Matching;
using FaceActors.Recognition.Siamese;
using FaceActors.Recognition.Tests.Siamese;

namespace FaceActors.Recognition.Tests.Matching;

/// <summary>
/// Both matchers on references in a plane (cosine = cos of the angle between them), with a head whose
/// behaviour is set by hand, so every answer can be worked out.
/// </summary>
public sealed class MatcherSpecs : IDisposable
{
    private static readonly ReferenceEmbedding[] Plane =
    [
        new("a", SyntheticFaces.At(0), "a.jpg"),
        new("b", SyntheticFaces.At(10), "b.jpg"),
        new("c", SyntheticFaces.At(40), "c.jpg"),
        new("d", SyntheticFaces.At(90), "d.jpg"),
        new("e", SyntheticFaces.At(180), "e.jpg"),
    ];

    private readonly string _temp = Directory.CreateTempSubdirectory("faceactors-siamese-").FullName;
    private readonly List<OnnxSiameseHead> _heads = [];

    public void Dispose()
    {
        foreach (var head in _heads) head.Dispose();
        Directory.Delete(_temp, recursive: true);
    }

    private static FolderGallery Gallery(params ReferenceEmbedding[] references) => new(references, []);

    private SiameseMatcher Siamese(SiameseHead head, float threshold, int topK, IReferenceSource? references = null)
    {
        _heads.Add(new OnnxSiameseHead(SyntheticFaces.Export(head, Path.Combine(_temp, $"head{_heads.Count}.onnx"))));
        return new SiameseMatcher(references ?? Gallery(Plane), _heads[^1], threshold, topK);
    }

    [Fact]
    public void The_head_scores_only_the_cosine_top_k()
    {
        // A head that prefers the least similar reference: among all five that is e (180 deg), but among the
        // two nearest by cosine (a, b) it is b.
        var contrary = SyntheticFaces.CosineOnly(4, alpha: -10, beta: 0);
        var topTwo = Siamese(contrary, threshold: 0, topK: 2);
        var all = Siamese(contrary, threshold: 0, topK: 5);

        Assert.Equal("b", topTwo.Match(SyntheticFaces.At(0)).Identity);
        Assert.Equal("e", all.Match(SyntheticFaces.At(0)).Identity);
    }

    [Fact]
    public void Top_k_keeps_the_largest_scores_best_first()
    {
        Span<int> indices = stackalloc int[3];
        Span<float> best = stackalloc float[3];

        var count = SiameseMatcher.TopK([0.1f, 0.9f, -0.3f, 0.5f, 0.95f, 0.2f], indices, best);

        Assert.Equal(3, count);
        Assert.Equal([4, 1, 3], indices.ToArray());
        Assert.Equal(2, SiameseMatcher.TopK([0.4f, 0.7f], indices, best));
        Assert.Equal([1, 0], indices[..2].ToArray());
    }

    [Fact]
    public void A_face_below_the_threshold_is_unknown_with_its_nearest_kept()
    {
        // The head is sigmoid(10 cos - 5), 0.5 at cos 0.5. A face at 65 deg is 25 deg from c (cos 0.906): known.
        // A face off the plane has cos 0 with every reference: head 0.007, cosine 0, both under 0.5.
        var siamese = Siamese(SyntheticFaces.CosineOnly(4, alpha: 10, beta: -5), threshold: 0.5f, topK: 3);
        var cosine = new CosineMatcher(Gallery(Plane), threshold: 0.5f);

        foreach (var matcher in new IFaceMatcher[] { siamese, cosine })
        {
            Assert.Equal("c", matcher.Match(SyntheticFaces.At(65)).Identity);
            var stranger = matcher.Match([0, 0, 0, 1]);
            Assert.False(stranger.IsKnown);
            Assert.Equal("unknown", stranger.Label);
            Assert.NotNull(stranger.Nearest);
            Assert.True(stranger.Score < 0.5f);
        }
    }

    [Fact]
    public void A_face_whose_embedding_length_differs_from_the_references_is_refused()
    {
        var siamese = Siamese(SyntheticFaces.CosineOnly(4, 10, -5), threshold: 0.5f, topK: 3);
        var cosine = new CosineMatcher(Gallery(Plane), threshold: 0.5f);

        foreach (var matcher in new IFaceMatcher[] { siamese, cosine })
        {
            var error = Assert.Throws<InvalidInputException>(() => matcher.Match(new float[8]));
            Assert.Contains("4 values but this face's has 8", error.Message);
        }
    }

    [Fact]
    public void A_head_trained_for_another_embedding_length_is_refused()
    {
        var wide = Plane.Select(r => r with { Embedding = SyntheticFaces.At(0, dimension: 8) }).ToArray();
        var siamese = Siamese(SyntheticFaces.CosineOnly(4, 10, -5), threshold: 0.5f, topK: 3, Gallery(wide));

        var error = Assert.Throws<InvalidInputException>(() => siamese.Match(SyntheticFaces.At(0, dimension: 8)));
        Assert.Contains("./faceactors train --data DIR", error.Message);
    }

    [Fact]
    public void References_of_mixed_lengths_are_refused()
    {
        var cosine = new CosineMatcher(Gallery([.. Plane, new ReferenceEmbedding("f", new float[8], "f.jpg")]), threshold: 0.5f);

        Assert.Contains("mixes embeddings of 4 and 8", Assert.Throws<InvalidInputException>(() => cosine.Match(SyntheticFaces.At(0))).Message);
    }

    [Fact]
    public void A_missing_head_model_says_how_to_train_one()
    {
        var path = Path.Combine(_temp, "siamese_head.onnx");

        var error = Assert.Throws<SiameseHeadNotFoundException>(() => new OnnxSiameseHead(path));

        Assert.Contains(path, error.Message);
        Assert.Contains("./faceactors train --data DIR", error.Message);
        Assert.Contains("./faceactors train --data DIR", Assert.Throws<SiameseHeadNotFoundException>(() => SiameseHeadCard.Read(path)).Message);
    }

    [Fact]
    public void An_empty_gallery_names_nobody()
    {
        var siamese = Siamese(SyntheticFaces.CosineOnly(4, 10, -5), threshold: 0.5f, topK: 3, Gallery());

        Assert.Same(FaceMatch.Nobody, siamese.Match(SyntheticFaces.At(0)));
        Assert.Same(FaceMatch.Nobody, new CosineMatcher(Gallery(), 0.5f).Match(SyntheticFaces.At(0)));
    }

    [Fact]
    public void A_new_reference_list_is_seen_and_an_unchanged_one_is_not_packed_again()
    {
        var source = new SwappableSource { References = [Plane[0]] };
        var cache = new ReferenceMatrixCache(source);
        var cosine = new CosineMatcher(source, threshold: 0.5f);

        var first = cache.Current;
        Assert.Same(first, cache.Current);
        Assert.Equal("a", cosine.Match(SyntheticFaces.At(85)) is { Identity: null, Nearest: var n } ? n : "known");

        source.References = [Plane[0], Plane[3]];
        Assert.NotSame(first, cache.Current);
        Assert.Equal("d", cosine.Match(SyntheticFaces.At(85)).Identity);
    }

    [Fact]
    public void A_fallback_source_names_from_the_preferred_one_while_it_holds_anyone_and_from_the_fallback_otherwise()
    {
        var live = new SwappableSource();
        var folder = Gallery(Plane[0]);
        var cosine = new CosineMatcher(new FallbackReferences(live, folder), threshold: 0.5f);

        Assert.Equal("a", cosine.Match(SyntheticFaces.At(0)).Identity);
        live.References = [Plane[3]];
        Assert.Equal("d", cosine.Match(SyntheticFaces.At(90)).Identity);
        Assert.Null(cosine.Match(SyntheticFaces.At(0)).Identity);
        live.References = [];
        Assert.Equal("a", cosine.Match(SyntheticFaces.At(0)).Identity);
    }

    private sealed class SwappableSource : IReferenceSource
    {
        public IReadOnlyList<ReferenceEmbedding> References { get; set; } = [];
    }
}
