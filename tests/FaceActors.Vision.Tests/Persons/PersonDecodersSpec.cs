using FaceActors.Vision.Geometry;
using FaceActors.Vision.Imaging;
using FaceActors.Vision.Persons;
using FaceActors.Vision.Persons.Decoding;
using OpenCvSharp;

namespace FaceActors.Vision.Tests.Persons;

/// <summary>The NanoDet, CenterNet and pose-detector decoders on hand-built outputs, boxes back in a 640x480 frame's pixels.</summary>
public sealed class PersonDecodersSpec
{
    private static readonly Letterbox Identity = new(new Size(416, 416), new Rect(0, 0, 416, 416), 1);

    [Fact]
    public void A_nanodet_cell_gives_a_box_its_side_distributions_place_around_the_cell_centre()
    {
        // Stride 32 on a 416 input: a 13x13 grid. Cell (4, 6) is centred at (144, 208).
        const int side = 13, bins = 11, classes = 80;
        var outputs = new List<ModelOutput>();
        foreach (var grid in new[] { 52, 26, side })
        {
            var cells = grid * grid;
            var scores = new float[cells * classes];
            var distributions = new float[cells * 4 * bins];
            if (grid == side)
            {
                var cell = 6 * side + 4;
                scores[cell * classes] = 0.9f;
                scores[cell * classes + 1] = 0.2f; // a weaker second class does not stop the person
                // All the weight on bins 1, 2, 3 and 4 (strides): left 32, top 64, right 96, bottom 128 pixels.
                for (var k = 0; k < 4; k++) distributions[(cell * 4 + k) * bins + k + 1] = 50;
            }
            outputs.Add(new ModelOutput(scores, [1, cells, classes]));
            outputs.Add(new ModelOutput(distributions, [1, cells, 4 * bins]));
        }

        var person = Assert.Single(PersonDecoders.Decode(outputs, Options(PersonModelFormat.NanoDet), Identity, new Size(416, 416)));

        Assert.Equal(0.9f, person.Score);
        AssertBox(new Box(144 - 32, 208 - 64, 144 + 96, 208 + 128), person.Box);
    }

    [Fact]
    public void Nanodet_cells_where_another_class_wins_are_not_persons()
    {
        var scores = new float[13 * 13 * 80];
        scores[0] = 0.8f;
        scores[56] = 0.95f; // class 56, a chair
        var outputs = new List<ModelOutput> { new(scores, [1, 169, 80]), new(new float[169 * 44], [1, 169, 44]) };

        Assert.Empty(PersonDecoders.Decode(outputs, Options(PersonModelFormat.NanoDet), Identity, new Size(416, 416)));
    }

    [Fact]
    public void Centernet_rows_of_persons_above_the_threshold_are_kept_in_frame_pixels()
    {
        var frame = Letterbox.Centre(new Size(640, 480), 512);
        float[] rows =
        [
            100, 150, 300, 400, 0.9f, 0, // a person
            120, 160, 310, 440, 0.4f, 0, // below the threshold
            50, 60, 70, 80, 0.95f, 2, // a car
        ];

        var person = Assert.Single(PersonDecoders.Decode([new ModelOutput(rows, [1, 3, 6])], Options(PersonModelFormat.CenterNet), frame, new Size(512, 512)));

        AssertBox(frame.ToSource(new Box(100, 150, 300, 400)), person.Box);
    }

    [Fact]
    public void A_pose_detection_is_a_square_around_the_hips_reaching_past_the_body_circle()
    {
        const int anchors = 2254;
        var data = new float[anchors * 13];
        // Anchor 0 is the first cell of the 28x28 grid: centre (4, 4) on the 224 input.
        data[0] = 5; // logit: sigmoid 0.993
        (data[5], data[6]) = (100, 110); // hips at (104, 114)
        (data[7], data[8]) = (100, 150); // a point 40 px below them: the body circle's radius
        var identity = new Letterbox(new Size(224, 224), new Rect(0, 0, 224, 224), 1);

        var person = Assert.Single(PersonDecoders.Decode([new ModelOutput(data, [1, anchors, 13])], Options(PersonModelFormat.BlazePose), identity, new Size(224, 224)));

        Assert.True(person.Score > 0.99f);
        AssertBox(new Box(104 - 50, 114 - 50, 104 + 50, 114 + 50), person.Box);
    }

    private static PersonDetectorOptions Options(PersonModelFormat format) =>
        new("unused.onnx", format, format == PersonModelFormat.CenterNet ? 512 : 416, default, FaceActors.Vision.Preprocessing.PixelNormalization.None);

    private static void AssertBox(Box expected, Box actual)
    {
        Assert.Equal(expected.X1, actual.X1, 2);
        Assert.Equal(expected.Y1, actual.Y1, 2);
        Assert.Equal(expected.X2, actual.X2, 2);
        Assert.Equal(expected.Y2, actual.Y2, 2);
    }
}
