using FaceActors.Vision.Inference;
using FaceActors.Vision.Preprocessing;
using OpenCvSharp;

namespace FaceActors.Vision.Tests.Preprocessing;

/// <summary>A 2x1 image with known BGR pixels, written in every layout and channel order.</summary>
public class ImageTensorWriterSpec
{
    private static readonly PixelNormalization PerChannel = new(10, 20, 30, 1, 2, 4);

    private static float[] Write(TensorLayout layout, ChannelOrder order, PixelNormalization normalization, int offset = 0)
    {
        using var image = new Mat(1, 2, MatType.CV_8UC3);
        image.Set(0, 0, new Vec3b(100, 110, 120)); // B, G, R
        image.Set(0, 1, new Vec3b(200, 210, 220));
        using var writer = new ImageTensorWriter(2, 1, layout, order, normalization);
        var buffer = new PinnedTensorBuffer();
        buffer.EnsureCapacity(offset + writer.ImageLength);
        writer.Write(image, buffer, offset);
        return buffer.Span.Slice(offset, writer.ImageLength).ToArray();
    }

    [Fact]
    public void Nchw_rgb_puts_red_plane_first_and_normalises_each_channel_by_its_own_mean_and_scale()
    {
        // Model channel 0 is red (mean 10, scale 1), 1 green (20, 2), 2 blue (30, 4).
        Assert.Equal([110f, 210f, 180f, 380f, 280f, 680f], Write(TensorLayout.Nchw, ChannelOrder.Rgb, PerChannel));
    }

    [Fact]
    public void Nchw_bgr_keeps_opencv_order()
    {
        Assert.Equal([100f, 200f, 110f, 210f, 120f, 220f], Write(TensorLayout.Nchw, ChannelOrder.Bgr, PixelNormalization.None));
    }

    [Fact]
    public void Nhwc_rgb_interleaves_pixels_with_uniform_normalisation()
    {
        var values = Write(TensorLayout.Nhwc, ChannelOrder.Rgb, PixelNormalization.Symmetric);
        float N(float x) => (x - 127.5f) / 128f;
        Assert.Equal([N(120), N(110), N(100), N(220), N(210), N(200)], values);
    }

    [Fact]
    public void Nhwc_bgr_with_per_channel_normalisation_at_an_offset()
    {
        Assert.Equal([90f, 180f, 360f, 190f, 380f, 760f], Write(TensorLayout.Nhwc, ChannelOrder.Bgr, PerChannel, offset: 5));
    }
}
