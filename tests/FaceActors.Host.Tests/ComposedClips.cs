using FaceActors.Pipeline.Scenes;
using FaceActors.TestSupport;
using OpenCvSharp;

namespace FaceActors.Host.Tests;

/// <summary>Clips composed from the example photos, so who walks in, and when, is known by construction.</summary>
public static class ComposedClips
{
    /// <summary>Obama walks in from the left from 0.5 s, reaches the middle at 3 s and stands there until the clip ends at 6 s.</summary>
    public static string ObamaWalksIn(string path)
    {
        using var background = new Mat(480, 640, MatType.CV_8UC3, new Scalar(120, 130, 125));
        using var photo = Cv2.ImRead(TestPaths.SharedData("face_recognition_examples/knn_examples/test/obama1.jpg"));
        using var walker = new Mat();
        Cv2.Resize(photo, walker, new Size(220, (int)(220.0 * photo.Height / photo.Width)), interpolation: InterpolationFlags.Area);
        var scene = new Scene(background, Fps: 15, DurationSeconds: 6,
            [new Walker("obama", walker, [new Keyframe(0.5, 120, 240), new Keyframe(3, 320, 240), new Keyframe(5.5, 320, 240)])]);
        SceneRenderer.WriteVideo(scene, path);
        return path;
    }

    /// <summary>Obama stands in the middle of the picture for the whole clip (10 s at 10 fps): looped, one track that never ends.</summary>
    public static string ObamaStands(string path)
    {
        using var background = new Mat(480, 640, MatType.CV_8UC3, new Scalar(120, 130, 125));
        using var photo = Cv2.ImRead(TestPaths.SharedData("face_recognition_examples/knn_examples/test/obama1.jpg"));
        using var person = new Mat();
        Cv2.Resize(photo, person, new Size(220, (int)(220.0 * photo.Height / photo.Width)), interpolation: InterpolationFlags.Area);
        var scene = new Scene(background, Fps: 10, DurationSeconds: 10, [new Walker("obama", person, [new Keyframe(0, 320, 240), new Keyframe(10, 320, 240)])]);
        SceneRenderer.WriteVideo(scene, path);
        return path;
    }
}
