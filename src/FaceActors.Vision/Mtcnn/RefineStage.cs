using FaceActors.Vision.Geometry;
using FaceActors.Vision.Inference;
using Microsoft.ML.OnnxRuntime;
using OpenCvSharp;

namespace FaceActors.Vision.Mtcnn;

/// <summary>
/// What R-Net or O-Net said about each candidate box: a face probability, a box regression (four per
/// candidate) and, for O-Net, five landmarks relative to the box (five x then five y, as fractions of its
/// width and height). The arrays are reused by the next run and may be longer than the candidates.
/// </summary>
internal sealed class RefineOutputs
{
    public float FaceScore(int candidate) => Probabilities[candidate * 2 + 1];

    /// <summary>Softmax pairs (not a face, a face).</summary>
    public float[] Probabilities = [];
    public float[] Offsets = [];
    public float[] Landmarks = [];
}

/// <summary>
/// The crop-and-classify step R-Net and O-Net share: every candidate is cropped from the frame and resized
/// to the net's input with linear interpolation, and all of them go through the net in one batched call
/// (one call per candidate when the model's batch dimension is fixed at 1).
/// </summary>
/// <remarks>
/// All crops are made by one <c>remap</c> over a sampling map for the whole batch, then colour-swapped and
/// normalised in one call each. One OpenCV call per crop cost about 17 us of call overhead each; with
/// 80 R-Net candidates the batched form takes a third of the time.
/// </remarks>
internal sealed class RefineStage : IDisposable
{
    private readonly OnnxModel _model;
    private readonly int _size;
    private readonly bool _batched;
    private readonly bool _hasLandmarks;
    private readonly string[] _inputNames;
    private readonly string[] _outputNames;
    private readonly RunOptions _runOptions = new();
    private readonly PinnedTensorBuffer _input = new();
    private readonly PinnedTensorBuffer _map = new();
    private readonly RefineOutputs _outputs = new();
    private Mat _crops = new();
    private Mat _cropsRgb = new();

    /// <param name="size">The net's input side: 24 for R-Net, 48 for O-Net.</param>
    public RefineStage(OnnxModel model, int size, bool hasLandmarks, string role)
    {
        model.RequireInputShape(0, null, size, size, 3);
        var batch = model.InputShape()[0];
        if (batch > 1) throw new ModelMismatchException(model.Path, $"{role} must take a dynamic batch or a batch of 1, not {batch}");
        List<int> outputs =
        [
            model.RequireOutputEndingIn(2, 2, $"{role}'s face probability"),
            model.RequireOutputEndingIn(2, 4, $"{role}'s box regression"),
        ];
        if (hasLandmarks) outputs.Add(model.RequireOutputEndingIn(2, 10, $"{role}'s landmarks"));
        _model = model;
        _size = size;
        _batched = batch < 0;
        _hasLandmarks = hasLandmarks;
        _inputNames = [model.InputName()];
        _outputNames = outputs.Select(model.OutputName).ToArray();
    }

    public RefineOutputs Run(Mat bgr, IReadOnlyList<Box> boxes)
    {
        var count = boxes.Count;
        CropAll(bgr, boxes);
        Grow(ref _outputs.Probabilities, count * 2);
        Grow(ref _outputs.Offsets, count * 4);
        if (_hasLandmarks) Grow(ref _outputs.Landmarks, count * 10);
        if (_batched) Infer(0, count);
        else
            for (var i = 0; i < count; i++) Infer(i, 1);
        return _outputs;
    }

    /// <summary>Writes every box's pixels, transposed, as normalised RGB into consecutive input slots.</summary>
    private void CropAll(Mat bgr, IReadOnlyList<Box> boxes)
    {
        var rows = boxes.Count * _size;
        _map.EnsureCapacity(rows * _size * 2);
        _input.EnsureCapacity(rows * _size * 3);
        var map = _map.Span;
        for (var i = 0; i < boxes.Count; i++)
        {
            // Crop row u samples the frame's column x_u, crop column v its row y_v: the nets take images
            // transposed. Pixel centres map onto pixel centres.
            var box = boxes[i];
            float sx = box.Width / _size, sy = box.Height / _size;
            for (var u = 0; u < _size; u++)
            {
                var x = box.X1 + (u + 0.5f) * sx - 0.5f;
                var row = map.Slice((i * _size + u) * _size * 2, _size * 2);
                for (var v = 0; v < _size; v++)
                {
                    row[2 * v] = x;
                    row[2 * v + 1] = box.Y1 + (v + 0.5f) * sy - 0.5f;
                }
            }
        }
        using var mapView = _map.ImageView(rows, _size, 2);
        using var inputView = _input.ImageView(rows, _size, 3);
        using var noMap = new Mat();
        using var crops = Rows(ref _crops, rows);
        using var cropsRgb = Rows(ref _cropsRgb, rows);
        // Outside the frame is black, as in the original MTCNN's zero padding.
        Cv2.Remap(bgr, crops, mapView, noMap, InterpolationFlags.Linear, BorderTypes.Constant, Scalar.All(0));
        Cv2.CvtColor(crops, cropsRgb, ColorConversionCodes.BGR2RGB);
        cropsRgb.ConvertTo(inputView, MatType.CV_32FC3, MtcnnGeometry.PixelScale, MtcnnGeometry.PixelOffset);
    }

    /// <summary>
    /// The first rows of an 8-bit scratch image that only grows: the candidate count changes every frame,
    /// and OpenCV would reallocate an exactly-sized image each time.
    /// </summary>
    private Mat Rows(ref Mat scratch, int rows)
    {
        var capacity = scratch.Rows;
        if (capacity < rows)
        {
            scratch.Dispose();
            scratch = new Mat(Math.Max(rows, capacity * 2), _size, MatType.CV_8UC3);
        }
        return scratch.RowRange(0, rows);
    }

    private void Infer(int first, int count)
    {
        var perImage = _size * _size * 3;
        using var tensor = _input.AsTensor([count, _size, _size, 3], first * perImage);
        using var results = _model.Session.Run(_runOptions, _inputNames, [tensor], _outputNames);
        results[0].GetTensorDataAsSpan<float>().CopyTo(_outputs.Probabilities.AsSpan(first * 2));
        results[1].GetTensorDataAsSpan<float>().CopyTo(_outputs.Offsets.AsSpan(first * 4));
        if (_hasLandmarks) results[2].GetTensorDataAsSpan<float>().CopyTo(_outputs.Landmarks.AsSpan(first * 10));
    }

    private static void Grow(ref float[] array, int length)
    {
        if (array.Length < length) array = new float[Math.Max(length, array.Length * 2)];
    }

    public void Dispose()
    {
        _crops.Dispose();
        _cropsRgb.Dispose();
        _runOptions.Dispose();
    }
}
