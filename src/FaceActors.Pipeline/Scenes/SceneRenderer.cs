using OpenCvSharp;

namespace FaceActors.Pipeline.Scenes;

/// <summary>Renders a <see cref="Scene"/> frame by frame, to a callback or to a video file.</summary>
public static class SceneRenderer
{
    /// <summary>Calls <paramref name="onFrame"/> with each frame (reused between calls; clone to keep it) and its truth.</summary>
    public static void Render(Scene scene, Action<Mat, SceneTruth> onFrame)
    {
        using var frame = new Mat();
        for (var index = 0; index < scene.FrameCount; index++)
        {
            var seconds = index / scene.Fps;
            scene.Background.CopyTo(frame);
            var visible = new List<(string, Rect)>();
            foreach (var walker in scene.Walkers)
            {
                if (walker.BoxAt(seconds) is not { } box) continue;
                var clipped = box.Intersect(new Rect(0, 0, frame.Width, frame.Height));
                if (clipped.Width <= 0 || clipped.Height <= 0) continue;
                using (var source = new Mat(walker.Appearance, new Rect(clipped.X - box.X, clipped.Y - box.Y, clipped.Width, clipped.Height)))
                using (var target = new Mat(frame, clipped))
                    source.CopyTo(target);
                visible.Add((walker.Identity, clipped));
            }
            onFrame(frame, new SceneTruth(index, seconds, visible));
        }
    }

    /// <summary>Writes the scene as a Motion-JPEG AVI (OpenCV's bundled encoder writes it everywhere) and returns the truth per frame.</summary>
    public static IReadOnlyList<SceneTruth> WriteVideo(Scene scene, string path)
    {
        using var writer = new VideoWriter(path, FourCC.MJPG, scene.Fps, scene.FrameSize);
        if (!writer.IsOpened()) throw new IOException($"Could not open '{path}' for writing a Motion-JPEG AVI.");
        var truth = new List<SceneTruth>();
        Render(scene, (frame, frameTruth) =>
        {
            writer.Write(frame);
            truth.Add(frameTruth);
        });
        return truth;
    }
}
