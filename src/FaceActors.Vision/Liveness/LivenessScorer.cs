using FaceActors.Vision.Detection;
using FaceActors.Vision.Geometry;
using FaceActors.Vision.Imaging;
using FaceActors.Vision.Inference;
using FaceActors.Vision.Preprocessing;
using Microsoft.ML.OnnxRuntime;
using OpenCvSharp;

namespace FaceActors.Vision.Liveness;

/// <summary>
/// Scores detected faces for liveness with one of the anti-spoofing models: each face's box, squared and enlarged by a
/// fifth (the models were trained on loose face crops), resized to the model's input, RGB in 0..1, all faces of a frame
/// in one run. One session; buffers reused between calls, so one caller at a time.
/// </summary>
public sealed class LivenessScorer : IDisposable
{
    private const float CropScale = 1.2f;

    private readonly LivenessOptions _options;
    private readonly OnnxModel _model;
    private readonly int _size;
    private readonly PinnedTensorBuffer _input = new();
    private readonly ImageTensorWriter _writer;
    private readonly Mat _crop;
    private readonly RunOptions _runOptions = new();
    private readonly string[] _inputNames;
    private readonly string[] _outputNames;

    public LivenessScorer(LivenessOptions options)
    {
        if (options.Threshold is < 0 or > 1) throw new ArgumentOutOfRangeException(nameof(options), options.Threshold, "The liveness threshold must be in 0..1.");
        _options = options;
        _size = options.InputSize;
        _model = OnnxModel.Load(options.ModelPath, $"liveness model ({options.Model})", options.Inference);
        try
        {
            _model.RequireInputShape(0, null, _size, _size, 3);
            var outputs = options.Model == LivenessModel.AntiSpoof128 ? 1 : 2;
            _outputNames = [_model.OutputName(_model.RequireOutput(s => s.Length == 2 && s[1] == outputs, $"[batch, {outputs}] scores"))];
        }
        catch
        {
            _model.Dispose();
            throw;
        }
        _inputNames = [_model.InputName()];
        _writer = new ImageTensorWriter(_size, _size, TensorLayout.Nhwc, ChannelOrder.Rgb, PixelNormalization.UnitRange);
        _crop = new Mat(_size, _size, MatType.CV_8UC3);
    }

    public LivenessOptions Options => _options;

    /// <summary>One verdict per face, in order.</summary>
    public IReadOnlyList<LivenessVerdict> Score(Mat bgr, IReadOnlyList<FaceDetection> faces)
    {
        ImageLoader.RequireBgr(bgr);
        if (faces.Count == 0) return [];
        _input.EnsureCapacity(faces.Count * _writer.ImageLength);
        for (var i = 0; i < faces.Count; i++)
        {
            CropSquare(bgr, faces[i].Box);
            _writer.Write(_crop, _input, i * _writer.ImageLength);
        }
        using var tensor = _input.AsTensor([faces.Count, _size, _size, 3]);
        using var outputs = _model.Session.Run(_runOptions, _inputNames, [tensor], _outputNames);
        var scores = outputs[0].GetTensorDataAsSpan<float>();
        var perFace = _options.Model == LivenessModel.AntiSpoof128 ? 1 : 2;
        var verdicts = new LivenessVerdict[faces.Count];
        // AntiSpoof's one output and LivenessNet's first class are both the probability of a live face.
        for (var i = 0; i < faces.Count; i++) verdicts[i] = new LivenessVerdict(scores[i * perFace], scores[i * perFace] < _options.Threshold);
        return verdicts;
    }

    /// <summary>The face's enlarged square, cut from the frame (black beyond its edges) and resized into the crop buffer.</summary>
    private void CropSquare(Mat bgr, Box face)
    {
        var side = Math.Max(face.Width, face.Height) * CropScale;
        var square = new Rect((int)MathF.Round(face.CenterX - side / 2), (int)MathF.Round(face.CenterY - side / 2), Math.Max(1, (int)side), Math.Max(1, (int)side));
        var inside = square.Intersect(new Rect(0, 0, bgr.Width, bgr.Height));
        // Usually the square lies within the frame and is resized straight from it; at an edge it is padded first.
        using var source = inside == square ? new Mat(bgr, square) : Padded(bgr, square, inside);
        Cv2.Resize(source, _crop, new Size(_size, _size), interpolation: InterpolationFlags.Area);
    }

    private static Mat Padded(Mat bgr, Rect square, Rect inside)
    {
        var padded = new Mat(square.Height, square.Width, MatType.CV_8UC3, Scalar.All(0));
        if (inside.Width <= 0 || inside.Height <= 0) return padded;
        using var from = new Mat(bgr, inside);
        using var to = new Mat(padded, new Rect(inside.X - square.X, inside.Y - square.Y, inside.Width, inside.Height));
        from.CopyTo(to);
        return padded;
    }

    public void Dispose()
    {
        _crop.Dispose();
        _writer.Dispose();
        _runOptions.Dispose();
        _model.Dispose();
    }
}
