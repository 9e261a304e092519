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
/// The crop-and-classify step R-Net and O-Net share: every candidate is cropped from the normalised
/// frame straight into the input tensor, resized to the net's input with linear interpolation, and all
/// of them go through the net in one batched call (one call per candidate when the model's batch
/// dimension is fixed at 1).
/// </summary>
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
    private readonly RefineOutputs _outputs = new();
    private readonly double[] _affine = GC.AllocateArray<double>(6, pinned: true);
    private readonly Mat _affineMat;

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
        _affineMat = Mat.FromPixelData(2, 3, MatType.CV_64FC1, _affine);
    }

    /// <param name="frame">The frame as normalised float RGB (see <see cref="MtcnnGeometry.PixelScale"/>).</param>
    public RefineOutputs Run(Mat frame, IReadOnlyList<Box> boxes)
    {
        var count = boxes.Count;
        var perImage = _size * _size * 3;
        _input.EnsureCapacity(count * perImage);
        for (var i = 0; i < count; i++) Crop(frame, boxes[i], i * perImage);
        Grow(ref _outputs.Probabilities, count * 2);
        Grow(ref _outputs.Offsets, count * 4);
        if (_hasLandmarks) Grow(ref _outputs.Landmarks, count * 10);
        if (_batched) Infer(0, count);
        else
            for (var i = 0; i < count; i++) Infer(i, 1);
        return _outputs;
    }

    /// <summary>Writes the box's pixels, transposed, as normalised RGB into image slot starting at <paramref name="offset"/>.</summary>
    private void Crop(Mat frame, Box box, int offset)
    {
        // Inverse map from crop pixel (column v, row u) to frame pixel: rows run along the frame's x because
        // the nets take images transposed. Pixel centres map onto pixel centres; outside the frame is black,
        // as in the original MTCNN's zero padding. Cropping the float frame costs one OpenCV call per
        // candidate instead of three (warp, colour swap, conversion): about half the time.
        double sx = box.Width / _size, sy = box.Height / _size;
        _affine[0] = 0; _affine[1] = sx; _affine[2] = box.X1 + 0.5 * sx - 0.5;
        _affine[3] = sy; _affine[4] = 0; _affine[5] = box.Y1 + 0.5 * sy - 0.5;
        using var slot = _input.ImageView(_size, _size, 3, offset);
        Cv2.WarpAffine(frame, slot, _affineMat, new Size(_size, _size), InterpolationFlags.Linear | InterpolationFlags.WarpInverseMap,
            BorderTypes.Constant, Scalar.All(MtcnnGeometry.PixelOffset));
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
        _affineMat.Dispose();
        _runOptions.Dispose();
    }
}
