using System.CommandLine;
using FaceActors.Pipeline.Scenes;
using FaceActors.Vision.Imaging;
using OpenCvSharp;
using Spectre.Console;
using Size = OpenCvSharp.Size;
using FaceActors.Configuration;

namespace FaceActors.Host.Cli;

/// <summary>
/// `faceactors samples build`: the clip the main job plays on a machine with no camera. A person (the
/// sample portrait) walks in over the sample background, stands still, and leaves; their photo is the
/// enrolled sample identity.
/// </summary>
internal static class SamplesCommand
{
    public const string ClipName = "sample-clip.avi";
    public const string GalleryName = "gallery";
    public const string SampleIdentity = "grace_hopper";

    public static Command Build()
    {
        var folder = new Option<DirectoryInfo>("--folder")
        {
            Description = "Folder holding grace_hopper.jpg and background.jpg; the clip and the gallery are written there.",
            DefaultValueFactory = _ => new DirectoryInfo(Path.Combine(HomeDirectory.Path, "data", "samples")),
        };
        var build = new Command("build", "Compose the sample clip and its one-person gallery from the sample photos.") { folder };
        build.SetAction(result => CommandErrors.Run(() => BuildSample(result.GetRequiredValue(folder).FullName)));
        return new Command("samples", "Sample material for machines without a camera.") { build };
    }

    /// <summary>The sample background at 640x480 and the sample portrait at 200x200, ready to compose a scene with.</summary>
    public sealed record Photos(Mat Background, Mat Walker) : IDisposable
    {
        public void Dispose()
        {
            Background.Dispose();
            Walker.Dispose();
        }
    }

    /// <summary>Reads grace_hopper.jpg and background.jpg from <paramref name="folder"/>.</summary>
    public static Photos LoadPhotos(string folder)
    {
        using var portrait = ImageLoader.Load(Path.Combine(folder, "grace_hopper.jpg"));
        using var backgroundPhoto = ImageLoader.Load(Path.Combine(folder, "background.jpg"));
        var background = new Mat();
        Cv2.Resize(backgroundPhoto, background, new Size(640, 480), interpolation: InterpolationFlags.Area);
        var walker = new Mat();
        Cv2.Resize(portrait, walker, new Size(200, 200), interpolation: InterpolationFlags.Area);
        return new Photos(background, walker);
    }

    private static int BuildSample(string folder)
    {
        using var photos = LoadPhotos(folder);

        // Enters from the left, stands in the middle, leaves to the right: 12 s at 15 fps.
        var scene = new Scene(photos.Background, Fps: 15, DurationSeconds: 12,
        [
            new Walker(SampleIdentity, photos.Walker,
            [
                new Keyframe(1, -90, 300), new Keyframe(3.5, 320, 290), new Keyframe(7.5, 330, 290), new Keyframe(10.5, 730, 300),
            ]),
        ]);
        var clip = Path.Combine(folder, ClipName);
        SceneRenderer.WriteVideo(scene, clip);

        var galleryFolder = Directory.CreateDirectory(Path.Combine(folder, GalleryName, SampleIdentity)).FullName;
        File.Copy(Path.Combine(folder, "grace_hopper.jpg"), Path.Combine(galleryFolder, "grace_hopper.jpg"), overwrite: true);
        AnsiConsole.MarkupLineInterpolated($"Sample clip: {clip} ({scene.FrameCount} frames); gallery: {Path.Combine(folder, GalleryName)}");
        return 0;
    }
}
