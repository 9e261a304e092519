using System.Collections.Concurrent;
using FaceActors.Vision.Geometry;
using OpenCvSharp;

namespace FaceActors.Vision.Persons.Decoding;

/// <summary>The YOLO families' candidates: v5 and YOLOX rows with objectness, v8/YOLO11 class-only columns.</summary>
internal static class YoloDecoder
{
    private static readonly int[] YoloXStrides = [8, 16, 32];
    private static readonly ConcurrentDictionary<Size, (float X, float Y, float Stride)[]> YoloXGrids = new();

    /// <param name="output">Rank 3 with batch 1, or rank 2.</param>
    /// <param name="input">The model input's width and height (the letterboxed canvas).</param>
    public static void Collect(ModelOutput output, PersonDetectorOptions options, Size input, List<Box> boxes, List<float> scores)
    {
        var shape = output.Shape;
        if (shape.Length is < 2 or > 3 || (shape.Length == 3 && shape[0] != 1))
            throw new InvalidInputException($"A YOLO output must be [1,a,b] or [a,b], got [{string.Join(",", shape)}].");
        var a = (int)shape[^2];
        var b = (int)shape[^1];
        var data = output.Data.Span;
        switch (options.Format)
        {
            case PersonModelFormat.YoloV5:
                CollectWithObjectness(data, a, b, options, boxes, scores, grid: null);
                break;
            case PersonModelFormat.YoloX:
                var decoded = options.YoloXOutputDecoded ?? LooksDecoded(data, a, b, input);
                CollectWithObjectness(data, a, b, options, boxes, scores, decoded ? null : YoloXGrid(input, a));
                break;
            case PersonModelFormat.YoloV8:
                CollectClassOnly(data, a, b, options, boxes, scores);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(options), options.Format, "Not a YOLO format.");
        }
    }

    /// <summary>v5 and YOLOX rows: cx, cy, w, h, objectness, classes. Score = objectness x person score.</summary>
    private static void CollectWithObjectness(ReadOnlySpan<float> output, int rows, int width, PersonDetectorOptions options,
        List<Box> boxes, List<float> scores, (float X, float Y, float Stride)[]? grid)
    {
        if (width < 6) throw new InvalidInputException($"A {options.Format} row needs at least 6 values (xywh, objectness, classes), got {width}.");
        var threshold = options.ScoreThreshold;
        for (var i = 0; i < rows; i++)
        {
            var row = output.Slice(i * width, width);
            var objectness = row[4];
            if (objectness < threshold) continue; // the person score can only be lower
            var person = row[5 + PersonDecoders.PersonClass];
            var score = objectness * person;
            if (score < threshold || !PersonDecoders.IsBestClass(row[5..], person)) continue;
            var (cx, cy, w, h) = (row[0], row[1], row[2], row[3]);
            if (grid is not null)
            {
                var (gx, gy, stride) = grid[i];
                (cx, cy, w, h) = ((cx + gx) * stride, (cy + gy) * stride, MathF.Exp(w) * stride, MathF.Exp(h) * stride);
            }
            boxes.Add(Box.FromCenter(cx, cy, w, h));
            scores.Add(score);
        }
    }

    /// <summary>v8/YOLO11: 4 + classes values per candidate, channel-major ([4+C,N], the usual export) or candidate-major.</summary>
    private static void CollectClassOnly(ReadOnlySpan<float> output, int a, int b, PersonDetectorOptions options, List<Box> boxes, List<float> scores)
    {
        // There are always far more candidates than channels, so the shorter side is the channel axis.
        var channelMajor = a < b;
        var (channels, candidates) = channelMajor ? (a, b) : (b, a);
        if (channels < 5) throw new InvalidInputException($"A YOLOv8 candidate needs at least 5 values (xywh, classes), got {channels}.");
        var (candidateStep, channelStep) = channelMajor ? (1, candidates) : (channels, 1);
        for (var i = 0; i < candidates; i++)
        {
            var at = i * candidateStep;
            var person = output[at + (4 + PersonDecoders.PersonClass) * channelStep];
            if (person < options.ScoreThreshold) continue;
            var best = true;
            for (var k = 5; k < channels && best; k++) best = output[at + k * channelStep] <= person;
            if (!best) continue;
            boxes.Add(Box.FromCenter(output[at], output[at + channelStep], output[at + 2 * channelStep], output[at + 3 * channelStep]));
            scores.Add(person);
        }
    }

    /// <summary>Raw YOLOX x offsets stay within a few grid units; decoded centres reach across the input.</summary>
    private static bool LooksDecoded(ReadOnlySpan<float> output, int rows, int width, Size input)
    {
        var maxX = 0f;
        for (var i = 0; i < rows; i++) maxX = Math.Max(maxX, output[i * width]);
        return maxX > input.Width / 8f;
    }

    /// <summary>The grid cell and stride of every YOLOX row: strides 8, 16, 32, each grid row by row. Built once per input size.</summary>
    private static (float X, float Y, float Stride)[] YoloXGrid(Size input, int rows)
    {
        var grid = YoloXGrids.GetOrAdd(input, BuildYoloXGrid);
        if (rows != grid.Length)
            throw new InvalidInputException($"A raw YOLOX output for a {input.Width}x{input.Height} input has {grid.Length} rows (strides 8/16/32), got {rows}. Check the configured input size.");
        return grid;
    }

    private static (float X, float Y, float Stride)[] BuildYoloXGrid(Size input)
    {
        var grid = new (float, float, float)[YoloXStrides.Sum(s => (input.Width / s) * (input.Height / s))];
        var i = 0;
        foreach (var stride in YoloXStrides)
            for (var y = 0; y < input.Height / stride; y++)
            for (var x = 0; x < input.Width / stride; x++)
                grid[i++] = (x, y, stride);
        return grid;
    }
}
