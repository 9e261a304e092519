using FaceActors.Host.Cli;
using FaceActors.Pipeline.Scenes;

namespace FaceActors.Host.Benchmarking;

/// <summary>
/// The clip every benchmark camera loops. The sample person stands in the middle of the sample background, leaves,
/// and after the scene has been empty for longer than the tracker keeps a track, appears whole (as through a doorway),
/// walks a little and stands where they stood at the start, so the loop joins without a jump. The frame they enter in
/// is known by construction, so the time from their entry to their name can be measured; their first appearance, at
/// the start, runs every model once while the benchmark warms up.
/// </summary>
/// <param name="Path">A Motion-JPEG AVI at <see cref="Fps"/>.</param>
/// <param name="EntryFrame">Index (from 0) of the frame the person enters in.</param>
/// <param name="StayFrames">How many frames they stay from their entry, across the loop's end.</param>
public sealed record BenchClip(string Path, double Fps, int FrameCount, int EntryFrame, int StayFrames, int Width, int Height)
{
    public const double ClipFps = 15;
    public const double ClipSeconds = 10;
    public const double EntrySeconds = 6;

    // Gone at 2 s, back at 6 s: 4 s empty, longer than the tracker's default time to live (3 s), so each entry starts a new track.
    private const double LeavesSeconds = 2;

    /// <summary>Composes the clip from the sample photos in <paramref name="samplesFolder"/> and writes it to <paramref name="path"/>.</summary>
    public static BenchClip Write(string samplesFolder, string path)
    {
        using var photos = SamplesCommand.LoadPhotos(samplesFolder);
        var scene = Compose(photos);
        var truth = SceneRenderer.WriteVideo(scene, path);
        var entry = truth.Skip(1).First(frame => frame.Visible.Count > 0 && truth[frame.FrameIndex - 1].Visible.Count == 0).FrameIndex;
        var leaves = truth.First(frame => frame.Visible.Count == 0).FrameIndex;
        return new BenchClip(path, scene.Fps, scene.FrameCount, entry, scene.FrameCount - entry + leaves, scene.FrameSize.Width, scene.FrameSize.Height);
    }

    /// <summary>The clip's scene over the sample photos (which must outlive it).</summary>
    internal static Scene Compose(SamplesCommand.Photos photos) => new(photos.Background, ClipFps, ClipSeconds,
    [
        new Walker(SamplesCommand.SampleIdentity, photos.Walker, [new Keyframe(0, 320, 290), new Keyframe(LeavesSeconds, 320, 290)]),
        new Walker(SamplesCommand.SampleIdentity, photos.Walker,
            [new Keyframe(EntrySeconds, 180, 290), new Keyframe(EntrySeconds + 1, 320, 290), new Keyframe(ClipSeconds, 320, 290)]),
    ]);
}
