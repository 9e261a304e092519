using FaceActors.Vision.Geometry;
using FaceActors.Vision.Imaging;
using FaceActors.Vision.Inference;
using Microsoft.ML.OnnxRuntime;
using OpenCvSharp;

namespace FaceActors.Vision.Mtcnn;

/// <summary>
/// MTCNN's first stage: P-Net slides over an image pyramid and proposes face windows. The pyramid is
/// planned once per frame size and its buffers are reused; each level is resized from the previous one,
/// which is several times cheaper than resizing the full frame for every level. Levels are kept in
/// P-Net's layout (RGB, transposed) from the first one on, so each needs only a float conversion.
/// </summary>
internal sealed class PNetStage : IDisposable
{
    private readonly OnnxModel _model;
    private readonly MtcnnOptions _options;
    private readonly string[] _inputNames;
    private readonly string[] _outputNames;
    private readonly RunOptions _runOptions = new();
    private readonly Downscaler _downscaler = new();
    private readonly PerSizeCache<Pyramid> _pyramids;

    public PNetStage(OnnxModel model, MtcnnOptions options)
    {
        model.RequireInputShape(0, null, null, null, 3);
        var shape = model.InputShape();
        if (shape[1] >= 0 || shape[2] >= 0)
            throw new ModelMismatchException(model.Path, $"P-Net needs a dynamic height and width to run on a pyramid, but its input is [{string.Join(",", shape)}]");
        var probability = model.RequireOutputEndingIn(4, 2, "P-Net's face probability");
        var offsets = model.RequireOutputEndingIn(4, 4, "P-Net's box regression");
        _model = model;
        _options = options;
        _inputNames = [model.InputName()];
        _outputNames = [model.OutputName(probability), model.OutputName(offsets)];
        _pyramids = new PerSizeCache<Pyramid>(Plan);
    }

    /// <summary>The frame sizes whose pyramids are planned now (for tests).</summary>
    internal IEnumerable<Size> PlannedSizes => _pyramids.Sizes;

    public MtcnnCandidates Propose(Mat bgr)
    {
        var pyramid = _pyramids.For(bgr.Size());
        var all = new MtcnnCandidates();
        for (var i = 0; i < pyramid.Levels.Count; i++)
        {
            var level = pyramid.Levels[i];
            BuildLevel(bgr, pyramid, i);
            level.Pixels.ConvertTo(level.Input, MatType.CV_32FC3, MtcnnGeometry.PixelScale, MtcnnGeometry.PixelOffset);
            using var outputs = _model.Session.Run(_runOptions, _inputNames, [level.Tensor], _outputNames);
            all.AddRange(Decode(level, outputs[0], outputs[1]).Suppress(_options.PNetLevelNms));
        }
        return all.Suppress(_options.PNetMergeNms);
    }

    private void BuildLevel(Mat bgr, Pyramid pyramid, int index)
    {
        var level = pyramid.Levels[index];
        if (index == 0)
        {
            // The big first step needs an anti-aliasing filter; the image is small by the time it is
            // converted and transposed.
            _downscaler.Resize(bgr, pyramid.FirstLevelBgr, new Size(level.Width, level.Height));
            Cv2.CvtColor(pyramid.FirstLevelBgr, pyramid.FirstLevelRgb, ColorConversionCodes.BGR2RGB);
            Cv2.Transpose(pyramid.FirstLevelRgb, level.Pixels);
        }
        else
        {
            // Each later level shrinks the previous one by the scale factor (about 0.7): linear is enough there.
            // Transposed pixels, so the destination size is (height, width).
            Cv2.Resize(pyramid.Levels[index - 1].Pixels, level.Pixels, new Size(level.Height, level.Width), interpolation: InterpolationFlags.Linear);
        }
    }

    /// <summary>Windows above the threshold, in source pixels. Outputs are transposed like the input: [1, w, h, c].</summary>
    private MtcnnCandidates Decode(PyramidLevel level, OrtValue probabilityValue, OrtValue offsetsValue)
    {
        var shape = probabilityValue.GetTensorTypeAndShape().Shape;
        int columns = (int)shape[1], rows = (int)shape[2];
        var probability = probabilityValue.GetTensorDataAsSpan<float>();
        var offsets = offsetsValue.GetTensorDataAsSpan<float>();
        var candidates = new MtcnnCandidates();
        var toSource = 1f / level.Scale;
        for (var x = 0; x < columns; x++)
        for (var y = 0; y < rows; y++)
        {
            var cell = x * rows + y;
            var score = probability[cell * 2 + 1];
            if (score < _options.PNetScoreThreshold) continue;
            float left = x * MtcnnGeometry.PNetStride, top = y * MtcnnGeometry.PNetStride;
            var box = new Box(left * toSource, top * toSource,
                (left + MtcnnGeometry.PNetWindow) * toSource, (top + MtcnnGeometry.PNetWindow) * toSource);
            candidates.Add(box, score, offsets.Slice(cell * 4, 4));
        }
        return candidates;
    }

    /// <summary>Scales from the one that maps the minimum face to P-Net's window, down until the frame's short side is under a window.</summary>
    private Pyramid Plan(Size frame)
    {
        var pyramid = new Pyramid();
        var scale = (float)MtcnnGeometry.PNetWindow / _options.MinFaceSize;
        while (Math.Min(frame.Width, frame.Height) * scale >= MtcnnGeometry.PNetWindow)
        {
            pyramid.Levels.Add(new PyramidLevel(scale, (int)Math.Ceiling(frame.Width * scale), (int)Math.Ceiling(frame.Height * scale)));
            scale *= _options.ScaleFactor;
        }
        return pyramid;
    }

    public void Dispose()
    {
        _pyramids.Dispose();
        _downscaler.Dispose();
        _runOptions.Dispose();
    }

    /// <summary>One frame size's pyramid: its levels' tensors and the first level's colour buffers.</summary>
    private sealed class Pyramid : IDisposable
    {
        public List<PyramidLevel> Levels { get; } = [];
        public Mat FirstLevelBgr { get; } = new();
        public Mat FirstLevelRgb { get; } = new();

        public void Dispose()
        {
            foreach (var level in Levels) level.Dispose();
            FirstLevelBgr.Dispose();
            FirstLevelRgb.Dispose();
        }
    }
}
