using FaceActors.Vision.Imaging;
using OpenCvSharp;

namespace FaceActors.Vision.Tests.Imaging;

public sealed class DownscalerSpecs
{
    [Theory]
    [InlineData(640, 480, 192, 144)]
    [InlineData(641, 481, 128, 96)]
    [InlineData(100, 80, 90, 72)]
    [InlineData(92, 112, 184, 224)]
    public void It_produces_the_requested_size(int width, int height, int targetWidth, int targetHeight)
    {
        using var downscaler = new Downscaler();
        using var source = new Mat(height, width, MatType.CV_8UC3, Scalar.All(200));
        using var result = new Mat();

        downscaler.Resize(source, result, new Size(targetWidth, targetHeight));

        Assert.Equal(new Size(targetWidth, targetHeight), result.Size());
        Assert.Equal(200, result.Get<Vec3b>(targetHeight / 2, targetWidth / 2).Item0);
    }

    [Fact]
    public void A_fine_stripe_pattern_averages_to_grey_instead_of_aliasing()
    {
        // One-pixel stripes: linear resizing by 0.3 picks stripes unevenly; averaging gives mid-grey.
        var pixels = new byte[480 * 640];
        for (var i = 0; i < pixels.Length; i += 2) pixels[i] = 255;
        using var stripes = Mat.FromPixelData(480, 640, MatType.CV_8UC1, pixels);
        using var downscaler = new Downscaler();
        using var result = new Mat();

        downscaler.Resize(stripes, result, new Size(192, 144));

        Cv2.MinMaxLoc(result, out double min, out double max);
        Assert.InRange(min, 110, 145);
        Assert.InRange(max, 110, 145);
    }
}
