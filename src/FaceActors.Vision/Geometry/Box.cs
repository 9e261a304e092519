namespace FaceActors.Vision.Geometry;

/// <summary>An axis-aligned box in pixel coordinates of the source image (corners, x2/y2 exclusive of nothing: plain floats).</summary>
public readonly record struct Box(float X1, float Y1, float X2, float Y2)
{
    public float Width => X2 - X1;
    public float Height => Y2 - Y1;
    public float Area => Math.Max(0, Width) * Math.Max(0, Height);
    public float CenterX => (X1 + X2) * 0.5f;
    public float CenterY => (Y1 + Y2) * 0.5f;

    public static Box FromCenter(float cx, float cy, float width, float height) =>
        new(cx - width * 0.5f, cy - height * 0.5f, cx + width * 0.5f, cy + height * 0.5f);

    public float IntersectionArea(Box other)
    {
        var w = Math.Min(X2, other.X2) - Math.Max(X1, other.X1);
        var h = Math.Min(Y2, other.Y2) - Math.Max(Y1, other.Y1);
        return w <= 0 || h <= 0 ? 0 : w * h;
    }

    /// <summary>Intersection over union; 0 for disjoint or degenerate boxes.</summary>
    public float IoU(Box other)
    {
        var inter = IntersectionArea(other);
        if (inter <= 0) return 0;
        return inter / (Area + other.Area - inter);
    }

    /// <summary>Intersection over the smaller area (MTCNN's "Min" NMS mode).</summary>
    public float IoMin(Box other)
    {
        var inter = IntersectionArea(other);
        if (inter <= 0) return 0;
        return inter / Math.Min(Area, other.Area);
    }

    public Box ClampTo(int width, int height) =>
        new(Math.Clamp(X1, 0, width), Math.Clamp(Y1, 0, height), Math.Clamp(X2, 0, width), Math.Clamp(Y2, 0, height));

    public override string ToString() => $"[{X1:F1},{Y1:F1} {Width:F1}x{Height:F1}]";
}
