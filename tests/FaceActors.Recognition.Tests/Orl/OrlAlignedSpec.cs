using FaceActors.TestSupport;
using FaceActors.Vision.BlazeFace;
using FaceActors.Vision.Detection;
using FaceActors.Vision.Inference;
using FaceActors.Vision.Mtcnn;
using Xunit.Abstractions;

namespace FaceActors.Recognition.Tests.Orl;

/// <summary>
/// The product's path on ORL: a real detector's landmarks, the ArcFace alignment, MobileFaceNet. Required:
/// rank-1 at least 99.5%, EER at most 1% (measured by the prototype: 99.8% / 0.6% with O-Net landmarks,
/// 100% / 0.2% with BlazeFace keypoints).
/// </summary>
public sealed class OrlAlignedSpec(ITestOutputHelper output)
{
    [Fact]
    public void Mobilefacenet_aligned_on_mtcnn_landmarks_identifies_orl_faces()
    {
        using var detector = new MtcnnDetector(new MtcnnOptions
        {
            PNetPath = TestPaths.InstalledModel(DefaultModels.PNet),
            RNetPath = TestPaths.InstalledModel(DefaultModels.RNet),
            ONetPath = TestPaths.InstalledModel(DefaultModels.ONet),
        });
        OrlEvaluation.AssertAlignedQuality(detector, output, "MTCNN");
    }

    [Fact]
    public void Mobilefacenet_aligned_on_blazeface_keypoints_identifies_orl_faces()
    {
        using IFaceDetector detector = new BlazeFaceDetector(new BlazeFaceOptions { ModelPath = TestPaths.InstalledModel(DefaultModels.BlazeFaceFront) });
        OrlEvaluation.AssertAlignedQuality(detector, output, "BlazeFace");
    }
}
