using FaceActors.Vision.Detection;
using FaceActors.Vision.Geometry;
using FaceActors.Vision.Imaging;
using OpenCvSharp;

namespace FaceActors.Vision.Persons.Decoding;

/// <summary>One output of a run: its elements, row-major, and its shape.</summary>
public sealed record ModelOutput(ReadOnlyMemory<float> Data, long[] Shape);

/// <summary>
/// Turns a person detector's outputs into person boxes in the frame's pixels: the family's decoder collects
/// candidate boxes on the model's input canvas, then one NMS and the letterbox mapping, whatever the family.
/// Pure, so each decoder is tested on hand-built tensors.
/// </summary>
internal static class PersonDecoders
{
    /// <summary>COCO's person class, the first of its 80.</summary>
    public const int PersonClass = 0;

    /// <param name="input">The model input's width and height (the letterboxed canvas).</param>
    public static List<PersonDetection> Decode(IReadOnlyList<ModelOutput> outputs, PersonDetectorOptions options, Letterbox letterbox, Size input)
    {
        var boxes = new List<Box>();
        var scores = new List<float>();
        switch (options.Format)
        {
            case PersonModelFormat.NanoDet:
                NanoDetDecoder.Collect(outputs, options, input, boxes, scores);
                break;
            case PersonModelFormat.CenterNet:
                CenterNetDecoder.Collect(outputs[0], options, boxes, scores);
                break;
            case PersonModelFormat.BlazePose:
                BlazePoseDecoder.Collect(outputs[0], options, input, boxes, scores);
                break;
            default:
                YoloDecoder.Collect(outputs[0], options, input, boxes, scores);
                break;
        }
        return Finish(boxes, scores, options, letterbox);
    }

    /// <summary>NMS over the candidates, then each kept box in the frame's pixels, clamped to the frame.</summary>
    private static List<PersonDetection> Finish(List<Box> boxes, List<float> scores, PersonDetectorOptions options, Letterbox letterbox)
    {
        var kept = NonMaxSuppression.Apply(boxes, scores, options.NmsIou);
        var persons = new List<PersonDetection>(kept.Count);
        foreach (var i in kept)
        {
            var box = letterbox.ToSource(boxes[i]).ClampTo(letterbox.Frame.Width, letterbox.Frame.Height);
            if (box.Area > 0) persons.Add(new PersonDetection(box, scores[i]));
        }
        return persons;
    }

    /// <summary>Upstream post-processing keeps each candidate's best class only; a box that is more "chair" than "person" is not a person.</summary>
    public static bool IsBestClass(ReadOnlySpan<float> classScores, float person)
    {
        foreach (var s in classScores)
            if (s > person) return false;
        return true;
    }
}
