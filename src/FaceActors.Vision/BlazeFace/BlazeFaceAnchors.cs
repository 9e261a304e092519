namespace FaceActors.Vision.BlazeFace;

/// <summary>
/// BlazeFace's anchor centres, in [0, 1] of the input, each centred in its grid cell; anchors have unit size, so only
/// the centres matter. The short-range models (front and back) share 896: a 16x16 grid with 2 anchors per cell, then
/// an 8x8 grid with 6 per cell (the back model's strides are twice the front's on an input twice the size). The
/// full-range model has 2304: one per cell of a 48x48 grid (stride 4 on its 192 px input).
/// </summary>
internal static class BlazeFaceAnchors
{
    public const int FineCount = 16 * 16 * 2;
    public const int CoarseCount = 8 * 8 * 6;
    public const int FullRangeCount = 48 * 48;

    public static readonly (float X, float Y)[] ShortRange = [.. Grid(16, 2), .. Grid(8, 6)];

    public static readonly (float X, float Y)[] FullRange = [.. Grid(48, 1)];

    private static IEnumerable<(float X, float Y)> Grid(int cells, int perCell)
    {
        for (var y = 0; y < cells; y++)
        for (var x = 0; x < cells; x++)
        for (var k = 0; k < perCell; k++)
            yield return ((x + 0.5f) / cells, (y + 0.5f) / cells);
    }
}
