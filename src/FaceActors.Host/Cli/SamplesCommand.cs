using System.CommandLine;
using FaceActors.Pipeline.Scenes;
using FaceActors.Vision.Imaging;
using OpenCvSharp;
using Spectre.Console;
using Size = OpenCvSharp.Size;

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

    private static int BuildSample(string folder)
    {
        using var portrait = ImageLoader.Load(Path.Combine(folder, "grace_hopper.jpg"));
        using var backgroundPhoto = ImageLoader.Load(Path.Combine(folder, "background.jpg"));
        using var background = new Mat();
        Cv2.Resize(backgroundPhoto, background, new Size(640, 480), interpolation: InterpolationFlags.Area);
        using var walker = new Mat();
        Cv2.Resize(portrait, walker, new Size(200, 200), interpolation: InterpolationFlags.Area);

        // Enters from the left, stands in the middle, leaves to the right: 12 s at 15 fps.
        var scene = new Scene(background, Fps: 15, DurationSeconds: 12,
        [
            new Walker(SampleIdentity, walker,
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
