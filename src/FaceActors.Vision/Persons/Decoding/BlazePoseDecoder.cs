using System.Collections.Concurrent;
using FaceActors.Vision.Geometry;
using OpenCvSharp;

namespace FaceActors.Vision.Persons.Decoding;

/// <summary>
/// MediaPipe's pose detector: per SSD anchor, a score logit, a face box and four keypoints, offsets in input pixels
/// from the anchor's centre. The person is MediaPipe's full-body region: a square centred on keypoint 0 (the hips'
/// midpoint) whose half side is the distance to keypoint 1 (a point on the circle around the whole body), enlarged
/// by 1.25 as MediaPipe's pose landmark stage enlarges it.
/// </summary>
internal static class BlazePoseDecoder
{
    private const int RowLength = 13;
    private const float BodyScale = 1.25f;
    private static readonly int[] Strides = [8, 16, 32, 32, 32];
    private static readonly ConcurrentDictionary<int, (float X, float Y)[]> AnchorsBySize = new();

    public static void Collect(ModelOutput output, PersonDetectorOptions options, Size input, List<Box> boxes, List<float> scores)
    {
        var anchors = AnchorsBySize.GetOrAdd(input.Width, Anchors);
        var data = output.Data.Span;
        if (data.Length != anchors.Length * RowLength)
            throw new InvalidInputException($"The pose detector's output for a {input.Width} px input has {anchors.Length} anchors of {RowLength} values, got {data.Length} values.");
        var logitThreshold = MathF.Log(options.ScoreThreshold / (1 - options.ScoreThreshold));
        for (var i = 0; i < anchors.Length; i++)
        {
            var row = data.Slice(i * RowLength, RowLength);
            if (row[0] < logitThreshold) continue;
            var (ax, ay) = (anchors[i].X * input.Width, anchors[i].Y * input.Height);
            var (hipX, hipY) = (row[5] + ax, row[6] + ay);
            var (edgeX, edgeY) = (row[7] + ax, row[8] + ay);
            var half = MathF.Sqrt((edgeX - hipX) * (edgeX - hipX) + (edgeY - hipY) * (edgeY - hipY)) * BodyScale;
            boxes.Add(new Box(hipX - half, hipY - half, hipX + half, hipY + half));
            scores.Add(1 / (1 + MathF.Exp(-Math.Clamp(row[0], -100, 100))));
        }
    }

    /// <summary>MediaPipe's SSD anchors for a square input: layers of one stride share a grid, two anchors per layer per cell.</summary>
    private static (float X, float Y)[] Anchors(int inputSize)
    {
        var anchors = new List<(float, float)>();
        for (var layer = 0; layer < Strides.Length;)
        {
            var perCell = 0;
            var last = layer;
            for (; last < Strides.Length && Strides[last] == Strides[layer]; last++) perCell += 2;
            var grid = (int)Math.Ceiling(inputSize / (double)Strides[layer]);
            for (var y = 0; y < grid; y++)
            for (var x = 0; x < grid; x++)
            for (var k = 0; k < perCell; k++)
                anchors.Add(((x + 0.5f) / grid, (y + 0.5f) / grid));
            layer = last;
        }
        return [.. anchors];
    }
}
