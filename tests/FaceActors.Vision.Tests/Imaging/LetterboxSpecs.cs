using FaceActors.Vision.Geometry;
using FaceActors.Vision.Imaging;
using OpenCvSharp;

namespace FaceActors.Vision.Tests.Imaging;

public sealed class LetterboxSpecs
{
    [Fact]
    public void A_landscape_frame_is_centred_vertically_and_maps_back_to_its_own_pixels()
    {
        var letterbox = Letterbox.Centre(new Size(640, 480), 128);

        Assert.Equal(new Rect(0, 16, 128, 96), letterbox.Content);
        var corner = letterbox.ToSource(new Point2f(128, 112));
        Assert.Equal(640, corner.X, 3);
        Assert.Equal(480, corner.Y, 3);
        Assert.Equal(new Box(0, 0, 320, 240), letterbox.ToSource(new Box(0, 16, 64, 64)));
    }

    [Fact]
    public void A_portrait_frame_is_centred_horizontally()
    {
        var letterbox = Letterbox.Centre(new Size(480, 640), 256);

        Assert.Equal(new Rect(32, 0, 192, 256), letterbox.Content);
    }
}
