namespace FaceActors.Vision.BlazeFace;

/// <summary>
/// BlazeFace's 896 anchor centres, in [0, 1] of the input: a 16x16 grid with 2 anchors per cell, then an
/// 8x8 grid with 6 per cell, each centred in its cell. Both models use the same layout (the back model's
/// strides are twice the front's on an input twice the size), and anchors have unit size, so only the
/// centres matter.
/// </summary>
internal static class BlazeFaceAnchors
{
    public const int FineCount = 16 * 16 * 2;
    public const int CoarseCount = 8 * 8 * 6;

    public static readonly (float X, float Y)[] Centres = [.. Grid(16, 2), .. Grid(8, 6)];

    private static IEnumerable<(float X, float Y)> Grid(int cells, int perCell)
    {
        for (var y = 0; y < cells; y++)
        for (var x = 0; x < cells; x++)
        for (var k = 0; k < perCell; k++)
            yield return ((x + 0.5f) / cells, (y + 0.5f) / cells);
    }
}
