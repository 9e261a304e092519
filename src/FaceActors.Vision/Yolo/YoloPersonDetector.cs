using FaceActors.Vision.Detection;
using FaceActors.Vision.Imaging;
using FaceActors.Vision.Inference;
using FaceActors.Vision.Preprocessing;
using Microsoft.ML.OnnxRuntime;
using OpenCvSharp;

namespace FaceActors.Vision.Yolo;

/// <summary>
/// Counts and locates people (COCO class 0) with a YOLOv5, YOLOv8/YOLO11 or YOLOX ONNX model. One session,
/// pinned input and output buffers wrapped once in <see cref="OrtValue"/>s (the output, 1.2 MB for YOLOX at 416,
/// would otherwise be a fresh large-object allocation every frame); safe for one caller at a time.
/// </summary>
public sealed class YoloPersonDetector : IDisposable
{
    private readonly YoloOptions _options;
    private readonly OnnxModel _model;
    private readonly Letterboxer _letterboxer;
    private readonly ImageTensorWriter _writer;
    private readonly float[] _input;
    private readonly OrtValue _inputValue;
    private readonly string[] _inputNames;
    private readonly string[] _outputNames;
    private readonly RunOptions _runOptions = new();
    private float[] _output = [];
    private OrtValue? _outputValue;
    private long[] _outputShape = [];

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
        var size = options.InputSize;
        _letterboxer = new Letterboxer(size, options.PadValue);
        _writer = new ImageTensorWriter(size, size, TensorLayout.Nchw, options.ChannelOrder, options.Normalization);
        _input = GC.AllocateArray<float>(_writer.ImageLength, pinned: true);
        _inputValue = OrtValue.CreateTensorValueFromMemory(_input, [1, 3, size, size]);
        _inputNames = [_model.InputName()];
        _outputNames = [_model.OutputName()];
    }

    public YoloOptions Options => _options;

    /// <summary>People in a BGR frame, best score first, boxes in the frame's pixels.</summary>
    public IReadOnlyList<PersonDetection> Detect(Mat bgr)
    {
        ImageLoader.RequireBgr(bgr);
        var letterbox = _letterboxer.Apply(bgr);
        _writer.Write(_letterboxer.Canvas, _input, 0);
        if (_outputValue is null) RunAndKeepOutputBuffer();
        else _model.Session.Run(_runOptions, _inputNames, [_inputValue], _outputNames, [_outputValue]);
        return YoloDecoder.Decode(_output, _outputShape, _options, letterbox);
    }

    /// <summary>
    /// The first frame lets ONNX Runtime allocate the output, since a dynamic model's output shape is only
    /// known after a run; the input size never changes, so later frames write into a buffer of that shape.
    /// </summary>
    private void RunAndKeepOutputBuffer()
    {
        using var outputs = _model.Session.Run(_runOptions, _inputNames, [_inputValue], _outputNames);
        var data = outputs[0].GetTensorDataAsSpan<float>();
        _outputShape = outputs[0].GetTensorTypeAndShape().Shape;
        _output = GC.AllocateArray<float>(data.Length, pinned: true);
        data.CopyTo(_output);
        _outputValue = OrtValue.CreateTensorValueFromMemory(_output, _outputShape);
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
        _inputValue.Dispose();
        _outputValue?.Dispose();
        _runOptions.Dispose();
        _writer.Dispose();
        _letterboxer.Dispose();
        _model.Dispose();
    }
}
