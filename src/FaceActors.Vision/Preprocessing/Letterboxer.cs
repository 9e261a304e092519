using FaceActors.Vision.Imaging;
using OpenCvSharp;

namespace FaceActors.Vision.Preprocessing;

/// <summary>Letterboxes frames into one reused canvas of the model's input size (no allocation per frame).</summary>
internal sealed class Letterboxer(Size size, byte padValue) : IDisposable
{
    public Mat Canvas { get; } = new(size, MatType.CV_8UC3);

    public Letterbox Apply(Mat bgr)
    {
        var letterbox = Letterbox.Centre(bgr.Size(), size);
        Canvas.SetTo(Scalar.All(padValue));
        // Resizing into a ROI header writes straight into the canvas: OpenCV keeps a destination whose size and type already match.
        using var content = new Mat(Canvas, letterbox.Content);
        Cv2.Resize(bgr, content, letterbox.Content.Size, interpolation: InterpolationFlags.Linear);
        return letterbox;
    }

    public void Dispose() => Canvas.Dispose();
}
