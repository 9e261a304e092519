using FaceActors.Vision.Detection;
using FaceActors.Vision.Geometry;
using FaceActors.Vision.Imaging;
using FaceActors.Vision.Persons;
using FaceActors.Vision.Persons.Decoding;
using OpenCvSharp;

namespace FaceActors.Vision.Tests.Persons;

/// <summary>
/// The decoders on hand-built output tensors: a person box placed on the letterboxed canvas of a 640x480
/// frame must come back in the frame's pixels.
/// </summary>
public class YoloDecoderSpec
{
    private const int InputSize = 416;
    private const int Classes = 80;
    private static readonly Size Square = new(InputSize, InputSize);
    private static readonly Letterbox Frame = Letterbox.Centre(new Size(640, 480), Square);
    private static readonly Box Person = new(100, 50, 300, 400);

    /// <summary>The person box on the canvas, as centre and size.</summary>
    private static (float Cx, float Cy, float W, float H) OnCanvas(Box source, Letterbox? letterbox = null)
    {
        var l = letterbox ?? Frame;
        return ((source.CenterX * l.Scale) + l.Content.X, (source.CenterY * l.Scale) + l.Content.Y, source.Width * l.Scale, source.Height * l.Scale);
    }

    [Fact]
    public void The_letterbox_of_a_landscape_frame_fills_the_width_and_pads_top_and_bottom()
    {
        Assert.Equal(0.65f, Frame.Scale, 4);
        Assert.Equal(new Rect(0, 52, 416, 312), Frame.Content);
    }

    [Fact]
    public void A_v5_person_row_comes_back_in_frame_pixels_and_weaker_overlaps_and_other_classes_are_dropped()
    {
        var (cx, cy, w, h) = OnCanvas(Person);
        var rows = new List<float[]>
        {
            V5Row(cx, cy, w, h, objectness: 0.9f, person: 0.95f),
            V5Row(cx + 3, cy + 2, w, h, objectness: 0.8f, person: 0.9f),      // same person, weaker: NMS drops it
            V5Row(300, 200, 50, 50, objectness: 0.9f, person: 0.6f, other: 0.9f), // more chair than person
            V5Row(100, 100, 40, 40, objectness: 0.3f, person: 0.9f),           // below threshold
        };
        var persons = Decode(rows, PersonModelFormat.YoloV5);

        var found = Assert.Single(persons);
        AssertBox(Person, found.Box);
        Assert.Equal(0.9f * 0.95f, found.Score, 5);
    }

    [Fact]
    public void A_v8_channel_major_output_decodes_the_same_box_without_objectness()
    {
        var (cx, cy, w, h) = OnCanvas(Person);
        // Real outputs have thousands of candidates; the decoder tells the axes apart by that.
        var candidates = Enumerable.Range(0, 200).Select(_ => V8Candidate(50, 60, 30, 30, person: 0.2f)).ToArray();
        candidates[17] = V8Candidate(cx, cy, w, h, person: 0.88f);
        candidates[120] = V8Candidate(cx - 2, cy, w, h, person: 0.7f);
        // [1, 84, N]: channel k of candidate i at k * N + i.
        var n = candidates.Length;
        var data = new float[(4 + Classes) * n];
        for (var i = 0; i < n; i++)
        for (var k = 0; k < 4 + Classes; k++)
            data[k * n + i] = candidates[i][k];

        var persons = PersonDecoders.Decode([new ModelOutput(data, [1, 4 + Classes, n])], Options(PersonModelFormat.YoloV8), Frame, Square);

        var found = Assert.Single(persons);
        AssertBox(Person, found.Box);
        Assert.Equal(0.88f, found.Score, 5);
    }

    [Fact]
    public void A_raw_yolox_row_is_decoded_with_its_grid_cell_and_stride()
    {
        // Row 2704 + 10 * 26 + 7 is the stride-16 grid's cell (7, 10).
        var (cx, cy, w, h) = OnCanvas(Person);
        const int stride = 16;
        var rows = Enumerable.Range(0, 3549).Select(_ => V5Row(0.5f, 0.5f, 0f, 0f, objectness: 0.01f, person: 0.01f)).ToList();
        rows[2704 + 10 * 26 + 7] = V5Row(cx / stride - 7, cy / stride - 10, MathF.Log(w / stride), MathF.Log(h / stride), 0.9f, 0.9f);

        var found = Assert.Single(Decode(rows, PersonModelFormat.YoloX));

        AssertBox(Person, found.Box);
    }

    [Fact]
    public void A_raw_yolox_output_of_a_rectangular_input_uses_a_grid_of_that_shape()
    {
        // 416x320 (minimal padding of a 640x480 frame): grids 52x40, 26x20, 13x10; stride-16 cell (7, 10) is row 2080 + 10 * 26 + 7.
        var input = new Size(416, 320);
        var letterbox = Letterbox.Centre(new Size(640, 480), input);
        Assert.Equal(4, letterbox.Content.Y);
        var (cx, cy, w, h) = OnCanvas(Person, letterbox);
        const int stride = 16;
        var rows = Enumerable.Range(0, 2730).Select(_ => V5Row(0.5f, 0.5f, 0f, 0f, objectness: 0.01f, person: 0.01f)).ToList();
        rows[2080 + 10 * 26 + 7] = V5Row(cx / stride - 7, cy / stride - 10, MathF.Log(w / stride), MathF.Log(h / stride), 0.9f, 0.9f);

        var found = Assert.Single(Decode(rows, PersonModelFormat.YoloX, letterbox, input));

        AssertBox(Person, found.Box);
    }

    [Fact]
    public void An_already_decoded_yolox_output_is_recognised_by_its_magnitude()
    {
        var (cx, cy, w, h) = OnCanvas(Person);
        var rows = Enumerable.Range(0, 3549).Select(i => V5Row(i % 52 * 8f, i / 52 * 8f, 8, 8, 0.01f, 0.01f)).ToList();
        rows[100] = V5Row(cx, cy, w, h, 0.9f, 0.9f);

        var found = Assert.Single(Decode(rows, PersonModelFormat.YoloX));

        AssertBox(Person, found.Box);
    }

    private static List<PersonDetection> Decode(List<float[]> rows, PersonModelFormat format, Letterbox? letterbox = null, Size? input = null) =>
        PersonDecoders.Decode([new ModelOutput(rows.SelectMany(r => r).ToArray(), [1, rows.Count, 5 + Classes])], Options(format), letterbox ?? Frame, input ?? Square);

    private static PersonDetectorOptions Options(PersonModelFormat format) =>
        format == PersonModelFormat.YoloX ? PersonDetectorOptions.ForYoloX("unused.onnx", InputSize) : PersonDetectorOptions.ForUltralytics("unused.onnx", format, InputSize);

    private static float[] V5Row(float cx, float cy, float w, float h, float objectness, float person, float other = 0f)
    {
        var row = new float[5 + Classes];
        (row[0], row[1], row[2], row[3], row[4], row[5], row[5 + 56]) = (cx, cy, w, h, objectness, person, other);
        return row;
    }

    private static float[] V8Candidate(float cx, float cy, float w, float h, float person)
    {
        var candidate = new float[4 + Classes];
        (candidate[0], candidate[1], candidate[2], candidate[3], candidate[4]) = (cx, cy, w, h, person);
        return candidate;
    }

    private static void AssertBox(Box expected, Box actual)
    {
        Assert.Equal(expected.X1, actual.X1, 0.01f);
        Assert.Equal(expected.Y1, actual.Y1, 0.01f);
        Assert.Equal(expected.X2, actual.X2, 0.01f);
        Assert.Equal(expected.Y2, actual.Y2, 0.01f);
    }
}
