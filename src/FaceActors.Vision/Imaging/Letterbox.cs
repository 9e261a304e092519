using FaceActors.Vision.Geometry;
using OpenCvSharp;

namespace FaceActors.Vision.Imaging;

/// <summary>
/// Where a frame sits inside a model input (square, or rectangular for YOLO's minimal padding) after scaling it to fit with its aspect ratio kept and
/// padding the rest, and how to map points from the input back to the frame.
/// </summary>
public readonly record struct Letterbox(Size Frame, Rect Content, float Scale)
{
    /// <summary>The frame scaled to fit a <paramref name="side"/>-pixel square, centred.</summary>
    public static Letterbox Centre(Size frame, int side) => Centre(frame, new Size(side, side));

    /// <summary>The frame scaled to fit a (possibly non-square) <paramref name="input"/>, centred.</summary>
    public static Letterbox Centre(Size frame, Size input)
    {
        var scale = Math.Min((float)input.Width / frame.Width, (float)input.Height / frame.Height);
        var width = Math.Clamp((int)MathF.Round(frame.Width * scale), 1, input.Width);
        var height = Math.Clamp((int)MathF.Round(frame.Height * scale), 1, input.Height);
        return new Letterbox(frame, new Rect((input.Width - width) / 2, (input.Height - height) / 2, width, height), scale);
    }

    public Point2f ToSource(Point2f input) => new((input.X - Content.X) / Scale, (input.Y - Content.Y) / Scale);

    public Box ToSource(Box input) => new(
        (input.X1 - Content.X) / Scale, (input.Y1 - Content.Y) / Scale,
        (input.X2 - Content.X) / Scale, (input.Y2 - Content.Y) / Scale);
}
