using FaceActors.Vision.Inference;
using OpenCvSharp;

namespace FaceActors.Vision.Preprocessing;

/// <summary>
/// Writes 8-bit BGR images of one fixed size into a <see cref="PinnedTensorBuffer"/> in a model's layout, channel order
/// and normalisation, with OpenCV doing the per-pixel work (no managed per-pixel loop). Reuses its scratch
/// Mats, so one instance serves one caller at a time.
/// </summary>
internal sealed class ImageTensorWriter : IDisposable
{
    private readonly int _width;
    private readonly int _height;
    private readonly TensorLayout _layout;
    private readonly ChannelOrder _order;
    private readonly PixelNormalization _normalization;
    private readonly Mat _channel = new();
    private readonly Mat _swapped = new();

    public ImageTensorWriter(int width, int height, TensorLayout layout, ChannelOrder order, PixelNormalization normalization)
    {
        _width = width;
        _height = height;
        _layout = layout;
        _order = order;
        _normalization = normalization;
    }

    /// <summary>Floats one image takes.</summary>
    public int ImageLength => 3 * _width * _height;

    /// <summary>Writes <paramref name="bgr"/> (CV_8UC3, exactly the writer's size) at element <paramref name="offset"/> of <paramref name="buffer"/>.</summary>
    public void Write(Mat bgr, PinnedTensorBuffer buffer, int offset)
    {
        if (bgr.Width != _width || bgr.Height != _height || bgr.Type() != MatType.CV_8UC3)
            throw new ArgumentException($"Expected a {_width}x{_height} CV_8UC3 image, got {bgr.Width}x{bgr.Height} {bgr.Type()}.", nameof(bgr));
        if (_layout == TensorLayout.Nchw) WritePlanes(bgr, buffer, offset);
        else WriteInterleaved(bgr, buffer, offset);
    }

    private void WritePlanes(Mat bgr, PinnedTensorBuffer buffer, int offset)
    {
        var planeLength = _width * _height;
        for (var c = 0; c < 3; c++)
        {
            // Model channel c is BGR channel c, or 2 - c when the model wants RGB.
            Cv2.ExtractChannel(bgr, _channel, _order == ChannelOrder.Bgr ? c : 2 - c);
            using var plane = buffer.ImageView(_height, _width, 1, offset + c * planeLength);
            var scale = _normalization.Scale(c);
            _channel.ConvertTo(plane, MatType.CV_32FC1, scale, -_normalization.Mean(c) * scale);
        }
    }

    private void WriteInterleaved(Mat bgr, PinnedTensorBuffer buffer, int offset)
    {
        var source = bgr;
        if (_order == ChannelOrder.Rgb)
        {
            Cv2.CvtColor(bgr, _swapped, ColorConversionCodes.BGR2RGB);
            source = _swapped;
        }
        using var target = buffer.ImageView(_height, _width, 3, offset);
        var n = _normalization;
        if (n.IsUniform)
        {
            source.ConvertTo(target, MatType.CV_32FC3, n.Scale0, -n.Mean0 * n.Scale0);
            return;
        }
        source.ConvertTo(target, MatType.CV_32FC3);
        Cv2.Subtract(target, new Scalar(n.Mean0, n.Mean1, n.Mean2), target);
        Cv2.Multiply(target, new Scalar(n.Scale0, n.Scale1, n.Scale2), target);
    }

    public void Dispose()
    {
        _channel.Dispose();
        _swapped.Dispose();
    }
}
