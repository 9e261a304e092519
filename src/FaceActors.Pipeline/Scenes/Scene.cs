using OpenCvSharp;

namespace FaceActors.Pipeline.Scenes;

/// <summary>Where a walker's centre is at a moment of the clip.</summary>
public readonly record struct Keyframe(double Seconds, float CenterX, float CenterY);

/// <summary>
/// A person in a scripted scene: a picture of them pasted over the background, moving between
/// keyframes (linearly), visible from the first keyframe to the last.
/// </summary>
public sealed record Walker(string Identity, Mat Appearance, IReadOnlyList<Keyframe> Path)
{
    public double Enters => Path[0].Seconds;
    public double Leaves => Path[^1].Seconds;

    /// <summary>The pasted picture's rectangle at <paramref name="seconds"/>, or null when the walker is not in the scene.</summary>
    public Rect? BoxAt(double seconds)
    {
        if (seconds < Enters || seconds > Leaves) return null;
        var next = 1;
        while (next < Path.Count - 1 && Path[next].Seconds < seconds) next++;
        var (a, b) = (Path[next - 1], Path[next]);
        var t = b.Seconds > a.Seconds ? (float)((seconds - a.Seconds) / (b.Seconds - a.Seconds)) : 0f;
        var cx = a.CenterX + (b.CenterX - a.CenterX) * t;
        var cy = a.CenterY + (b.CenterY - a.CenterY) * t;
        return new Rect((int)MathF.Round(cx - Appearance.Width / 2f), (int)MathF.Round(cy - Appearance.Height / 2f), Appearance.Width, Appearance.Height);
    }
}

/// <summary>Who is where in one rendered frame: the ground truth a test compares the pipeline with.</summary>
public sealed record SceneTruth(int FrameIndex, double Seconds, IReadOnlyList<(string Identity, Rect Box)> Visible);

/// <summary>
/// A scripted clip: walkers over a background. Walkers later in the list are drawn over earlier ones,
/// so a crossing occludes as it would in a real room.
/// </summary>
public sealed record Scene(Mat Background, double Fps, double DurationSeconds, IReadOnlyList<Walker> Walkers)
{
    public Size FrameSize => Background.Size();
    public int FrameCount => (int)Math.Round(DurationSeconds * Fps);
}
