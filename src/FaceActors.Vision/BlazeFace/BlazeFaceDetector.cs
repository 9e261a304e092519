using FaceActors.Vision.Detection;
using FaceActors.Vision.Geometry;
using FaceActors.Vision.Imaging;
using FaceActors.Vision.Inference;
using Microsoft.ML.OnnxRuntime;
using OpenCvSharp;

namespace FaceActors.Vision.BlazeFace;

/// <summary>
/// MediaPipe's BlazeFace detectors: one small net over a letterboxed square input, anchors over one or two grids,
/// score-weighted NMS, a box and six keypoints per face. The short-range models give scores and boxes per grid in
/// four outputs; the full-range one gives each anchor's score logit and its box in one row of 17 values, for faces
/// (and a second such output for persons, which this detector does not read). Buffers are kept between calls, so one
/// instance serves one caller at a time.
/// </summary>
public sealed class BlazeFaceDetector : IFaceDetector
{
    private const int Keypoints = 6;
    private const int ValuesPerAnchor = 4 + Keypoints * 2;

    // Pixels scaled to [-1, 1], as MediaPipe feeds it. [0, 1] also works but scored lower on the test
    // photos (two_people.jpg: 0.86 and 0.81 against 0.93 and 0.92 with the front model).
    private const double PixelScale = 2 / 255.0;
    private const double PixelOffset = -1;

    private readonly BlazeFaceOptions _options;
    private readonly OnnxModel _model;
    private readonly int _size;
    private readonly float _logitThreshold;
    private readonly string[] _inputNames;
    private readonly string[] _outputNames;
    private readonly RunOptions _runOptions = new();
    private readonly PinnedTensorBuffer _input = new();
    private readonly OrtValue _tensor;
    private readonly Mat _inputView;
    private readonly Mat _canvas;
    private readonly Mat _canvasRgb = new();
    private readonly Downscaler _downscaler = new();
    private Letterbox _letterbox;

    public BlazeFaceDetector(BlazeFaceOptions? options = null) : this(Validated(options), null)
    {
    }

    /// <param name="shared">A session another detector holds too; null loads the model.</param>
    private BlazeFaceDetector(BlazeFaceOptions options, OnnxModel? shared)
    {
        _options = options;
        _size = _options.InputSize;
        _model = shared ?? OnnxModel.Load(_options.ResolvedModelPath, $"BlazeFace {_options.Model}", _options.Inference);
        try
        {
            _model.RequireInputShape(0, 1, _size, _size, 3);
            _outputNames = _options.Model == BlazeFaceModel.FullRange192 ? [FullRangeFaceOutput()] :
            [
                // Named by shape, not by name: the fine grid's anchors come first in the anchor order.
                OutputNamed(BlazeFaceAnchors.FineCount, 1, "fine-grid scores"),
                OutputNamed(BlazeFaceAnchors.CoarseCount, 1, "coarse-grid scores"),
                OutputNamed(BlazeFaceAnchors.FineCount, ValuesPerAnchor, "fine-grid boxes"),
                OutputNamed(BlazeFaceAnchors.CoarseCount, ValuesPerAnchor, "coarse-grid boxes"),
            ];
        }
        catch
        {
            _model.Dispose();
            throw;
        }
        _inputNames = [_model.InputName()];
        _logitThreshold = MathF.Log(_options.ScoreThreshold / (1 - _options.ScoreThreshold));
        _input.EnsureCapacity(_size * _size * 3);
        _tensor = _input.AsTensor([1, _size, _size, 3]);
        _inputView = _input.ImageView(_size, _size, 3);
        _canvas = new Mat(_size, _size, MatType.CV_8UC3, Scalar.All(0));
    }

    private static BlazeFaceOptions Validated(BlazeFaceOptions? options)
    {
        var validated = options ?? new BlazeFaceOptions();
        validated.Validate();
        return validated;
    }

    public IFaceDetector ShareSessions() => new BlazeFaceDetector(_options, _model.Share());

    private string OutputNamed(int anchors, int values, string description) =>
        _model.OutputName(_model.RequireOutput(s => s.SequenceEqual([1, anchors, values]), $"{description} [1,{anchors},{values}]"));

    /// <summary>
    /// The full-range model's face head. Its person head has the same shape, so here, and only here, the output is
    /// found by name: the TensorFlow.js model's signature calls the face head "Identity" and the person head "Identity_1".
    /// </summary>
    private string FullRangeFaceOutput()
    {
        const string face = "Identity";
        var shape = _model.Session.OutputMetadata.TryGetValue(face, out var metadata) ? metadata.Dimensions : null;
        return shape is [_, BlazeFaceAnchors.FullRangeCount, 1 + ValuesPerAnchor]
            ? face
            : throw new ModelMismatchException(_model.Path,
                $"a BlazeFace full-range model has a face output '{face}' [1,{BlazeFaceAnchors.FullRangeCount},{1 + ValuesPerAnchor}]; " +
                $"this one has {string.Join(", ", _model.Session.OutputNames.Select((n, i) => $"'{n}' [{string.Join(",", _model.OutputShape(i))}]"))}");
    }

    public IReadOnlyList<FaceDetection> Detect(Mat bgr)
    {
        ImageLoader.RequireBgr(bgr);
        Prepare(bgr);
        using var outputs = _model.Session.Run(_runOptions, _inputNames, [_tensor], _outputNames);
        var (boxes, scores, points) = Decode(outputs);
        return WeightedNonMaxSuppression.Group(boxes, scores, _options.NmsThreshold)
            .Select(group => Merge(group, boxes, scores, points))
            .ToList();
    }

    /// <summary>Letterboxes the frame into the square input, keeping its aspect ratio, and converts it to float RGB.</summary>
    private void Prepare(Mat bgr)
    {
        var frame = bgr.Size();
        if (frame != _letterbox.Frame)
        {
            _letterbox = Letterbox.Centre(frame, _size);
            _canvas.SetTo(Scalar.All(0));
        }
        using (var content = _canvas[_letterbox.Content]) _downscaler.Resize(bgr, content, _letterbox.Content.Size);
        Cv2.CvtColor(_canvas, _canvasRgb, ColorConversionCodes.BGR2RGB);
        _canvasRgb.ConvertTo(_inputView, MatType.CV_32FC3, PixelScale, PixelOffset);
    }

    /// <summary>Anchors above the threshold, decoded to source pixels.</summary>
    private (List<Box> Boxes, List<float> Scores, List<Point2f[]> Points) Decode(IReadOnlyList<OrtValue> outputs)
    {
        var found = (Boxes: new List<Box>(), Scores: new List<float>(), Points: new List<Point2f[]>());
        if (_options.Model == BlazeFaceModel.FullRange192)
        {
            // Rows of [logit, box and keypoints].
            var rows = outputs[0].GetTensorDataAsSpan<float>();
            for (var a = 0; a < BlazeFaceAnchors.FullRangeCount; a++)
                Collect(rows[(a * (1 + ValuesPerAnchor))..], rows.Slice(a * (1 + ValuesPerAnchor) + 1, ValuesPerAnchor), BlazeFaceAnchors.FullRange[a], found);
            return found;
        }
        for (var grid = 0; grid < 2; grid++)
        {
            var logits = outputs[grid].GetTensorDataAsSpan<float>();
            var raw = outputs[grid + 2].GetTensorDataAsSpan<float>();
            var first = grid == 0 ? 0 : BlazeFaceAnchors.FineCount;
            for (var a = 0; a < logits.Length; a++)
                Collect(logits[a..], raw.Slice(a * ValuesPerAnchor, ValuesPerAnchor), BlazeFaceAnchors.ShortRange[first + a], found);
        }
        return found;
    }

    /// <summary>One anchor: kept when its logit (the first element) clears the threshold.</summary>
    private void Collect(ReadOnlySpan<float> logit, ReadOnlySpan<float> values, (float X, float Y) anchor,
        (List<Box> Boxes, List<float> Scores, List<Point2f[]> Points) found)
    {
        if (logit[0] < _logitThreshold) return;
        // Offsets and sizes are in input pixels, relative to the anchor centre.
        float cx = anchor.X * _size, cy = anchor.Y * _size;
        found.Boxes.Add(_letterbox.ToSource(Box.FromCenter(cx + values[0], cy + values[1], values[2], values[3])));
        found.Scores.Add(1 / (1 + MathF.Exp(-Math.Clamp(logit[0], -100, 100))));
        var keypoints = new Point2f[Keypoints];
        for (var k = 0; k < Keypoints; k++)
            keypoints[k] = _letterbox.ToSource(new Point2f(cx + values[4 + 2 * k], cy + values[5 + 2 * k]));
        found.Points.Add(keypoints);
    }

    /// <summary>The group's box and keypoints averaged by score; the score is the best member's.</summary>
    private static FaceDetection Merge(int[] group, List<Box> boxes, List<float> scores, List<Point2f[]> points)
    {
        float total = 0, x1 = 0, y1 = 0, x2 = 0, y2 = 0;
        var keypoints = new Point2f[Keypoints];
        foreach (var i in group)
        {
            var w = scores[i];
            total += w;
            x1 += w * boxes[i].X1;
            y1 += w * boxes[i].Y1;
            x2 += w * boxes[i].X2;
            y2 += w * boxes[i].Y2;
            for (var k = 0; k < Keypoints; k++) keypoints[k] += points[i][k] * w;
        }
        for (var k = 0; k < Keypoints; k++) keypoints[k] *= 1 / total;
        return new FaceDetection(new Box(x1 / total, y1 / total, x2 / total, y2 / total), scores[group[0]],
            new FaceLandmarks(LandmarkScheme.BlazeFace6, keypoints));
    }

    public void Dispose()
    {
        _tensor.Dispose();
        _inputView.Dispose();
        _canvas.Dispose();
        _canvasRgb.Dispose();
        _downscaler.Dispose();
        _runOptions.Dispose();
        _model.Dispose();
    }
}
