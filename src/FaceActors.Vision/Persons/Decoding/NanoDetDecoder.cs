using FaceActors.Vision.Geometry;
using OpenCvSharp;

namespace FaceActors.Vision.Persons.Decoding;

/// <summary>
/// NanoDet's legacy GFL head: for each stride, a class-score output [1,N,80] (already sigmoid) and a box output
/// [1,N,4·(reg_max+1)] holding, per side (left, top, right, bottom), a distribution over 0..reg_max strides; the
/// side's distance is the distribution's mean. N = (input / stride)², which pairs the outputs and gives the stride.
/// </summary>
internal static class NanoDetDecoder
{
    private const int Classes = 80;

    public static void Collect(IReadOnlyList<ModelOutput> outputs, PersonDetectorOptions options, Size input, List<Box> boxes, List<float> scores)
    {
        foreach (var classOutput in outputs.Where(o => o.Shape[^1] == Classes))
        {
            var cells = (int)classOutput.Shape[^2];
            var boxOutput = outputs.FirstOrDefault(o => o != classOutput && o.Shape[^2] == cells && o.Shape[^1] % 4 == 0 && o.Shape[^1] != Classes)
                ?? throw new InvalidInputException($"NanoDet's class output for {cells} cells has no box output of the same cells.");
            var side = (int)Math.Round(Math.Sqrt(cells));
            if (side * side != cells) throw new InvalidInputException($"NanoDet's output of {cells} cells is not a square grid.");
            CollectLevel(classOutput.Data.Span, boxOutput.Data.Span, (int)boxOutput.Shape[^1] / 4, side, (float)input.Width / side, options.ScoreThreshold, boxes, scores);
        }
    }

    private static void CollectLevel(ReadOnlySpan<float> classScores, ReadOnlySpan<float> distributions, int bins, int side, float stride,
        float threshold, List<Box> boxes, List<float> scores)
    {
        Span<float> distances = stackalloc float[4];
        for (var cell = 0; cell < side * side; cell++)
        {
            var row = classScores.Slice(cell * Classes, Classes);
            var person = row[PersonDecoders.PersonClass];
            if (person < threshold || !PersonDecoders.IsBestClass(row, person)) continue;
            for (var k = 0; k < 4; k++) distances[k] = Expectation(distributions.Slice((cell * 4 + k) * bins, bins)) * stride;
            var (cx, cy) = ((cell % side + 0.5f) * stride, (cell / side + 0.5f) * stride);
            boxes.Add(new Box(cx - distances[0], cy - distances[1], cx + distances[2], cy + distances[3]));
            scores.Add(person);
        }
    }

    /// <summary>The mean bin of a softmax over the logits.</summary>
    private static float Expectation(ReadOnlySpan<float> logits)
    {
        var max = float.NegativeInfinity;
        foreach (var l in logits) max = Math.Max(max, l);
        float sum = 0, weighted = 0;
        for (var j = 0; j < logits.Length; j++)
        {
            var p = MathF.Exp(logits[j] - max);
            sum += p;
            weighted += p * j;
        }
        return weighted / sum;
    }
}
