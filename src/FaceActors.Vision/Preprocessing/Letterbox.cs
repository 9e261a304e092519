using FaceActors.Vision.Geometry;
using OpenCvSharp;

namespace FaceActors.Vision.Preprocessing;

/// <summary>
/// Where a source image went inside a letterboxed canvas: scaled by <see cref="Scale"/> (aspect kept) and
/// centred, the rest padded. Maps boxes found on the canvas back to source pixels.
/// </summary>
public readonly record struct Letterbox(float Scale, float PadX, float PadY, int SourceWidth, int SourceHeight)
{
    /// <summary>The letterbox of a <paramref name="sourceWidth"/> x <paramref name="sourceHeight"/> image on a canvas, centred.</summary>
    public static Letterbox For(int sourceWidth, int sourceHeight, Size canvas)
    {
        var scale = Math.Min((float)canvas.Width / sourceWidth, (float)canvas.Height / sourceHeight);
        var (width, height) = ScaledSize(sourceWidth, sourceHeight, scale);
        return new Letterbox(scale, (canvas.Width - width) / 2, (canvas.Height - height) / 2, sourceWidth, sourceHeight);
    }

    internal static (int Width, int Height) ScaledSize(int sourceWidth, int sourceHeight, float scale) =>
        (Math.Max(1, (int)MathF.Round(sourceWidth * scale)), Math.Max(1, (int)MathF.Round(sourceHeight * scale)));

    /// <summary>A canvas box in source pixels, clamped to the source image.</summary>
    public Box ToSource(Box canvasBox) =>
        new Box((canvasBox.X1 - PadX) / Scale, (canvasBox.Y1 - PadY) / Scale, (canvasBox.X2 - PadX) / Scale, (canvasBox.Y2 - PadY) / Scale)
            .ClampTo(SourceWidth, SourceHeight);
}

/// <summary>Letterboxes frames into one reused canvas (no allocation per frame).</summary>
internal sealed class Letterboxer(Size size, byte padValue) : IDisposable
{
    public Mat Canvas { get; } = new(size, MatType.CV_8UC3);

    public Letterbox Apply(Mat bgr)
    {
        var letterbox = Letterbox.For(bgr.Width, bgr.Height, size);
        var (width, height) = Letterbox.ScaledSize(bgr.Width, bgr.Height, letterbox.Scale);
        Canvas.SetTo(Scalar.All(padValue));
        // Resizing into a ROI header writes straight into the canvas: OpenCV keeps a destination whose size and type already match.
        using var roi = new Mat(Canvas, new Rect((int)letterbox.PadX, (int)letterbox.PadY, width, height));
        Cv2.Resize(bgr, roi, new Size(width, height), interpolation: InterpolationFlags.Linear);
        return letterbox;
    }

    public void Dispose() => Canvas.Dispose();
}
