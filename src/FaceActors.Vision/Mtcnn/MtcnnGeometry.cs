using FaceActors.Vision.Geometry;

namespace FaceActors.Vision.Mtcnn;

/// <summary>The box arithmetic MTCNN's three stages share.</summary>
internal static class MtcnnGeometry
{
    /// <summary>P-Net looks at 12x12 windows, two pixels apart, at each pyramid level.</summary>
    public const int PNetWindow = 12;
    public const int PNetStride = 2;

    /// <summary>(x - 127.5) / 128, the normalisation all three nets were trained with.</summary>
    public const double PixelScale = 0.0078125;
    public const double PixelOffset = -127.5 * PixelScale;

    /// <summary>Moves each corner by its offset, given as a fraction of the box's width or height.</summary>
    public static Box Regress(Box box, ReadOnlySpan<float> offsets) => new(
        box.X1 + offsets[0] * box.Width, box.Y1 + offsets[1] * box.Height,
        box.X2 + offsets[2] * box.Width, box.Y2 + offsets[3] * box.Height);

    /// <summary>The square on the box's centre whose side is the longer side: the next net's input is square.</summary>
    public static Box Square(Box box)
    {
        var side = Math.Max(box.Width, box.Height);
        return Box.FromCenter(box.CenterX, box.CenterY, side, side);
    }
}
