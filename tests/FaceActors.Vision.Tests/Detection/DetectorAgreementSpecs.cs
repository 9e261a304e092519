using FaceActors.TestSupport;
using FaceActors.Vision.BlazeFace;
using FaceActors.Vision.Inference;
using FaceActors.Vision.Mtcnn;
using FaceActors.Vision.Tests.Mtcnn;

namespace FaceActors.Vision.Tests.Detection;

public sealed class DetectorAgreementSpecs
{
    [Fact]
    public void Mtcnn_and_BlazeFace_find_the_same_two_faces_and_the_same_eyes()
    {
        using var photo = TestFrames.Photo(TestFrames.TwoPeople);
        using var mtcnn = new MtcnnDetector(MtcnnDetectorSpecs.Installed());
        using var blazeFace = new BlazeFaceDetector(new BlazeFaceOptions { ModelPath = TestPaths.InstalledModel(DefaultModels.BlazeFaceFront) });

        var fromMtcnn = mtcnn.Detect(photo).OrderBy(f => f.Box.X1).ToList();
        var fromBlazeFace = blazeFace.Detect(photo).OrderBy(f => f.Box.X1).ToList();

        Assert.Equal(2, fromMtcnn.Count);
        Assert.Equal(2, fromBlazeFace.Count);
        foreach (var (m, b) in fromMtcnn.Zip(fromBlazeFace))
        {
            Assert.True(m.Box.IoU(b.Box) > 0.5f, $"MTCNN {m.Box} and BlazeFace {b.Box} disagree");
            // Both schemes list the eye on the image's left first. The front model sees this 1126 px photo at
            // 128 px, about 9 source pixels per input pixel, so its keypoints are coarse: allow a fifth of the face.
            for (var eye = 0; eye < 2; eye++)
            {
                var distance = OpenCvSharp.Point2f.Distance(m.Landmarks.Points[eye], b.Landmarks.Points[eye]);
                Assert.True(distance < 0.2 * m.Box.Width, $"eye {eye}: MTCNN {m.Landmarks.Points[eye]}, BlazeFace {b.Landmarks.Points[eye]}");
            }
        }
    }
}
