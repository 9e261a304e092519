using FaceActors.TestSupport;
using FaceActors.Vision.Inference;
using FaceActors.Vision.Liveness;
using FaceActors.Vision.Mtcnn;

namespace FaceActors.Vision.Tests.Liveness;

/// <summary>The two anti-spoofing models on real faces: scores, batching and the threshold's verdict.</summary>
public sealed class LivenessScorerSpec
{
    public static TheoryData<LivenessModel> Models() => [LivenessModel.AntiSpoof128, LivenessModel.LivenessNet32];

    private static LivenessScorer Scorer(LivenessModel model, float threshold = 0.5f) =>
        new(new LivenessOptions(TestPaths.InstalledModel(LivenessOptions.InstalledFile(model)), model, threshold));

    [Theory]
    [MemberData(nameof(Models))]
    public void Each_face_of_a_frame_gets_a_probability_and_a_batch_scores_as_faces_alone_do(LivenessModel model)
    {
        using var scorer = Scorer(model);
        using var detector = new MtcnnDetector();
        using var photo = TestFrames.Photo(TestFrames.TwoPeople);
        var faces = detector.Detect(photo);

        var together = scorer.Score(photo, faces);
        var alone = faces.Select(f => scorer.Score(photo, [f]).Single()).ToList();

        Assert.Equal(2, together.Count);
        Assert.All(together, v => Assert.InRange(v.Score, 0f, 1f));
        for (var i = 0; i < faces.Count; i++) Assert.Equal(alone[i].Score, together[i].Score, 4);
    }

    [Fact]
    public void The_threshold_decides_the_verdict()
    {
        using var detector = new MtcnnDetector();
        using var photo = TestFrames.Photo(TestFrames.TwoPeople);
        var faces = detector.Detect(photo);
        using var everything = Scorer(LivenessModel.AntiSpoof128, threshold: 1);
        using var nothing = Scorer(LivenessModel.AntiSpoof128, threshold: 0);

        Assert.All(everything.Score(photo, faces), v => Assert.True(v.SpoofSuspected));
        Assert.All(nothing.Score(photo, faces), v => Assert.False(v.SpoofSuspected));
    }

    [Fact]
    public void A_face_detector_loaded_as_a_liveness_model_is_a_mismatch() =>
        Assert.Throws<ModelMismatchException>(() =>
            new LivenessScorer(new LivenessOptions(TestPaths.InstalledModel(DefaultModels.ONet), LivenessModel.AntiSpoof128, 0.5f)));
}
