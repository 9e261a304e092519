using FaceActors.Pipeline.Scenes;
using OpenCvSharp;

namespace FaceActors.Pipeline.Tests.Scenes;

public sealed class SceneRendererSpecs : IDisposable
{
    private readonly Mat _background = new(240, 320, MatType.CV_8UC3, Scalar.All(30));
    private readonly Mat _red = new(40, 20, MatType.CV_8UC3, new Scalar(0, 0, 255));
    private readonly Mat _green = new(40, 20, MatType.CV_8UC3, new Scalar(0, 255, 0));

    public void Dispose()
    {
        _background.Dispose();
        _red.Dispose();
        _green.Dispose();
    }

    private Scene Crossing() => new(_background, Fps: 10, DurationSeconds: 2,
    [
        new Walker("red", _red, [new Keyframe(0, 40, 120), new Keyframe(2, 280, 120)]),
        new Walker("green", _green, [new Keyframe(0.5, 280, 120), new Keyframe(1.5, 40, 120)]),
    ]);

    [Fact]
    public void Walkers_are_where_the_truth_says_and_the_later_one_is_drawn_on_top()
    {
        var frames = new List<SceneTruth>();
        Vec3b? centreWhenCrossing = null;
        SceneRenderer.Render(Crossing(), (frame, truth) =>
        {
            frames.Add(truth);
            foreach (var (identity, box) in truth.Visible)
            {
                var centre = frame.At<Vec3b>(box.Y + box.Height / 2, box.X + box.Width / 2);
                if (truth.Visible.Count == 1) Assert.Equal(identity == "red" ? (byte)255 : (byte)0, centre.Item2);
            }
            if (truth.FrameIndex == 10) centreWhenCrossing = frame.At<Vec3b>(120, 160);
        });

        Assert.Equal(20, frames.Count);
        Assert.Equal(["red"], frames[0].Visible.Select(v => v.Identity));
        Assert.Equal(["red", "green"], frames[10].Visible.Select(v => v.Identity));
        // Both are centred on (160,120) at 1 s; green comes later in the list, so it covers red.
        Assert.Equal((byte)255, centreWhenCrossing!.Value.Item1);
        Assert.Equal((byte)0, centreWhenCrossing.Value.Item2);
        Assert.Equal(new Rect(150, 100, 20, 40), frames[10].Visible[0].Box);
    }

    [Fact]
    public void A_scene_written_as_video_reads_back_frame_for_frame()
    {
        var path = Path.Combine(Path.GetTempPath(), $"scene-{Guid.NewGuid():N}.avi");
        try
        {
            var truth = SceneRenderer.WriteVideo(Crossing(), path);

            using var capture = new VideoCapture(path);
            Assert.True(capture.IsOpened());
            Assert.Equal(truth.Count, capture.FrameCount);
            Assert.Equal(320, capture.FrameWidth);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
