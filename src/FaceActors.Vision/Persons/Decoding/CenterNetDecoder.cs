using FaceActors.Vision.Geometry;

namespace FaceActors.Vision.Persons.Decoding;

/// <summary>CenterNet decodes in the graph (top 100 heat-map peaks): rows of x1, y1, x2, y2 on the input canvas, score, class.</summary>
internal static class CenterNetDecoder
{
    private const int RowLength = 6;

    public static void Collect(ModelOutput output, PersonDetectorOptions options, List<Box> boxes, List<float> scores)
    {
        var data = output.Data.Span;
        for (var at = 0; at + RowLength <= data.Length; at += RowLength)
        {
            var row = data.Slice(at, RowLength);
            if (row[4] < options.ScoreThreshold || (int)row[5] != PersonDecoders.PersonClass) continue;
            boxes.Add(new Box(row[0], row[1], row[2], row[3]));
            scores.Add(row[4]);
        }
    }
}
