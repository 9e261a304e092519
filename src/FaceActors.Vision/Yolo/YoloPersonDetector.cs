using FaceActors.Vision.Detection;
using FaceActors.Vision.Imaging;
using FaceActors.Vision.Inference;
using FaceActors.Vision.Preprocessing;
using Microsoft.ML.OnnxRuntime;
using OpenCvSharp;

namespace FaceActors.Vision.Yolo;

/// <summary>
/// Counts and locates people (COCO class 0) with a YOLOv5, YOLOv8/YOLO11 or YOLOX ONNX model. One session;
/// pinned input and output buffers wrapped in <see cref="OrtValue"/>s that are reused for every frame of the
/// same size (the output, 1.2 MB for YOLOX at 416, would otherwise be a large-object allocation per frame).
/// Safe for one caller at a time.
/// </summary>
public sealed class YoloPersonDetector : IDisposable
{
    private readonly YoloOptions _options;
    private readonly OnnxModel _model;
    private readonly bool _minimalPadding;
    private readonly PinnedTensorBuffer _input = new();
    private readonly string[] _inputNames;
    private readonly string[] _outputNames;
    private readonly RunOptions _runOptions = new();
    private readonly PerSizeCache<InputGeometry> _geometries;

    public YoloPersonDetector(YoloOptions options)
    {
        options.Validate();
        _options = options;
        _model = OnnxModel.Load(options.ModelPath, "YOLO person detector", options.Inference);
        try
        {
            RequireCompatible(_model, options);
        }
        catch
        {
            _model.Dispose();
            throw;
        }
        var shape = _model.InputShape();
        _minimalPadding = options.MinimalPadding && shape[2] < 0 && shape[3] < 0;
        // The square is the largest input either way, so one buffer serves every frame size.
        _input.EnsureCapacity(3 * options.InputSize * options.InputSize);
        _inputNames = [_model.InputName()];
        _outputNames = [_model.OutputName()];
        _geometries = new PerSizeCache<InputGeometry>(frame => new InputGeometry(InputSizeFor(frame), _options, _input));
    }

    /// <summary>The frame sizes whose letterbox and tensors are planned now (for tests).</summary>
    internal IEnumerable<Size> PlannedSizes => _geometries.Sizes;

    public YoloOptions Options => _options;

    /// <summary>People in a BGR frame, best score first, boxes in the frame's pixels.</summary>
    public IReadOnlyList<PersonDetection> Detect(Mat bgr)
    {
        ImageLoader.RequireBgr(bgr);
        var geometry = _geometries.For(bgr.Size());
        var letterbox = geometry.Letterboxer.Apply(bgr);
        geometry.Writer.Write(geometry.Letterboxer.Canvas, _input, 0);
        if (geometry.Output is null) RunAndKeepOutputBuffer(geometry);
        else _model.Session.Run(_runOptions, _inputNames, [geometry.Input], _outputNames, [geometry.Output.Value]);
        var output = geometry.Output!;
        return YoloDecoder.Decode(output.Data.Span[..output.Length], output.Shape, _options, letterbox, geometry.InputSize);
    }

    /// <summary>Cameras keep their frame size, so the per-size state is built on the first frame and on a size change.</summary>
    private Size InputSizeFor(Size frame)
    {
        var size = _options.InputSize;
        if (!_minimalPadding) return new Size(size, size);
        var content = Letterbox.Centre(frame, size).Content;
        return new Size(RoundUpTo32(content.Width), RoundUpTo32(content.Height));

        static int RoundUpTo32(int x) => (x + 31) / 32 * 32;
    }

    /// <summary>
    /// The first frame of a size lets ONNX Runtime allocate the output, since a dynamic model's output shape
    /// is only known after a run; later frames of that size write into a buffer of that shape.
    /// </summary>
    private void RunAndKeepOutputBuffer(InputGeometry geometry)
    {
        using var outputs = _model.Session.Run(_runOptions, _inputNames, [geometry.Input], _outputNames);
        var data = outputs[0].GetTensorDataAsSpan<float>();
        var buffer = new PinnedTensorBuffer();
        buffer.EnsureCapacity(data.Length);
        data.CopyTo(buffer.Span);
        var shape = outputs[0].GetTensorTypeAndShape().Shape;
        geometry.Output = new OutputBuffer(buffer, data.Length, shape, buffer.AsTensor(shape));
    }

    /// <summary>One NCHW image input of 3 channels at the configured size (or dynamic), one output of rank 2 or 3.</summary>
    private static void RequireCompatible(OnnxModel model, YoloOptions options)
    {
        if (model.Session.InputNames.Count != 1)
            throw new ModelMismatchException(model.Path, $"a YOLO detector has one image input, this model has {model.Session.InputNames.Count}");
        var size = options.InputSize;
        var shape = model.InputShape();
        if (shape.Length == 4 && shape[1] >= 0 && shape[1] != 3 && shape[3] == 3)
            throw new ModelMismatchException(model.Path, $"input '{model.InputName()}' is [{string.Join(",", shape)}], NHWC; YOLO exports are NCHW [1,3,{size},{size}]");
        model.RequireInputShape(0, 1, 3, size, size);
        var outputRank = model.OutputShape().Length;
        if (outputRank is not (2 or 3))
            throw new ModelMismatchException(model.Path, $"output '{model.OutputName()}' has rank {outputRank}; a {options.Format} output is [1,N,5+classes] or [1,4+classes,N]");
    }

    public void Dispose()
    {
        _geometries.Dispose();
        _runOptions.Dispose();
        _model.Dispose();
    }

    private sealed record OutputBuffer(PinnedTensorBuffer Data, int Length, long[] Shape, OrtValue Value);

    /// <summary>Everything that depends on the frame size: the canvas, the tensor writer and the tensors over the shared buffers.</summary>
    private sealed class InputGeometry(Size inputSize, YoloOptions options, PinnedTensorBuffer input) : IDisposable
    {
        public Size InputSize { get; } = inputSize;
        public Letterboxer Letterboxer { get; } = new(inputSize, options.PadValue);
        public ImageTensorWriter Writer { get; } = new(inputSize.Width, inputSize.Height, TensorLayout.Nchw, options.ChannelOrder, options.Normalization);
        public OrtValue Input { get; } = input.AsTensor([1, 3, inputSize.Height, inputSize.Width]);
        public OutputBuffer? Output { get; set; }

        public void Dispose()
        {
            Output?.Value.Dispose();
            Input.Dispose();
            Writer.Dispose();
            Letterboxer.Dispose();
        }
    }
}
