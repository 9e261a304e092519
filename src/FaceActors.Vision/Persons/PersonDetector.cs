using FaceActors.Vision.Detection;
using FaceActors.Vision.Imaging;
using FaceActors.Vision.Inference;
using FaceActors.Vision.Persons.Decoding;
using FaceActors.Vision.Preprocessing;
using Microsoft.ML.OnnxRuntime;
using OpenCvSharp;

namespace FaceActors.Vision.Persons;

/// <summary>
/// Counts and locates people with any of the <see cref="PersonModelFormat"/> families: the frame letterboxed into the
/// model's input, one run, the family's decoder, NMS, boxes back in the frame's pixels. One session; pinned input and
/// output buffers wrapped in <see cref="OrtValue"/>s that are reused for every frame of the same size (YOLOX's output
/// alone, 1.2 MB at 416, would otherwise be a large-object allocation per frame). Safe for one caller at a time.
/// </summary>
public sealed class PersonDetector : IDisposable
{
    private readonly PersonDetectorOptions _options;
    private readonly OnnxModel _model;
    private readonly bool _minimalPadding;
    private readonly PinnedTensorBuffer _input = new();
    private readonly string[] _inputNames;
    // Only the outputs the family's decoder reads (CenterNet's decode needs one of its three).
    private readonly string[] _outputNames;
    private readonly RunOptions _runOptions = new();
    private readonly PerSizeCache<InputGeometry> _geometries;

    public PersonDetector(PersonDetectorOptions options)
    {
        options.Validate();
        _options = options;
        (_model, _minimalPadding) = Load(options);
        try
        {
            _outputNames = PersonModelContract.Check(_model, options);
        }
        catch
        {
            _model.Dispose();
            throw;
        }
        // The square is the largest input either way, so one buffer serves every frame size.
        _input.EnsureCapacity(3 * options.InputSize * options.InputSize);
        _inputNames = [_model.InputName()];
        _geometries = new PerSizeCache<InputGeometry>(frame => new InputGeometry(InputSizeFor(frame), _options, _input));
    }

    /// <summary>Whether frames are letterboxed to their own aspect rather than to a square (<see cref="PersonDetectorOptions.MinimalPadding"/>).</summary>
    public bool PadsMinimally => _minimalPadding;

    /// <summary>
    /// The model, and whether it takes a frame padded only to the next multiple of 32. A dynamic-size export does. A YOLO
    /// export that declares a fixed square usually does too, since its graph takes its reshapes from tensor shapes: it
    /// is loaded with its height and width declared free and tried once on a 4:3 input, and keeps its square if that
    /// run fails. The installed families' graphs fix their sizes, so they keep theirs.
    /// </summary>
    private static (OnnxModel Model, bool MinimalPadding) Load(PersonDetectorOptions options)
    {
        var role = $"{options.Format} person detector";
        var model = OnnxModel.Load(options.ModelPath, role, options.Inference);
        if (!options.MinimalPadding) return (model, false);
        var (heightAxis, widthAxis) = options.Layout == TensorLayout.Nchw ? (2, 3) : (1, 2);
        var shape = model.InputShape();
        if (shape[heightAxis] < 0 && shape[widthAxis] < 0) return (model, true);
        if (!options.IsYolo || shape.Length != 4) return (model, false);

        if (Freed(options, role, heightAxis, widthAxis) is not { } freed) return (model, false);
        model.Dispose();
        return (freed, true);
    }

    /// <summary>The model with its height and width declared free, if it loads so and runs on a 4:3 input; else null.</summary>
    private static OnnxModel? Freed(PersonDetectorOptions options, string role, int heightAxis, int widthAxis)
    {
        OnnxModel freed;
        try
        {
            freed = OnnxModel.Load(
                ModelDeclarations.Redeclare(File.ReadAllBytes(options.ModelPath),
                    new Dictionary<int, object> { [heightAxis] = "height", [widthAxis] = "width" },
                    new Dictionary<int, object> { [1] = "rows", [2] = "columns" }),
                options.ModelPath, role, options.Inference);
        }
        catch (ModelMismatchException)
        {
            return null;
        }
        if (RunsAt(freed, options, MinimalInputSize(new Size(640, 480), options.InputSize))) return freed;
        freed.Dispose();
        return null;
    }

    private static bool RunsAt(OnnxModel model, PersonDetectorOptions options, Size size)
    {
        long[] shape = options.Layout == TensorLayout.Nchw ? [1, 3, size.Height, size.Width] : [1, size.Height, size.Width, 3];
        using var input = OrtValue.CreateTensorValueFromMemory(new float[3 * size.Width * size.Height], shape);
        using var runOptions = new RunOptions();
        try
        {
            using var outputs = model.Session.Run(runOptions, [model.InputName()], [input], model.Session.OutputNames);
            return true;
        }
        catch (OnnxRuntimeException)
        {
            return false;
        }
    }

    /// <summary>The frame sizes whose letterbox and tensors are planned now (for tests).</summary>
    internal IEnumerable<Size> PlannedSizes => _geometries.Sizes;

    public PersonDetectorOptions Options => _options;

    /// <summary>People in a BGR frame, best score first, boxes in the frame's pixels.</summary>
    public IReadOnlyList<PersonDetection> Detect(Mat bgr)
    {
        ImageLoader.RequireBgr(bgr);
        var geometry = _geometries.For(bgr.Size());
        var letterbox = geometry.Letterboxer.Apply(bgr);
        geometry.Writer.Write(geometry.Letterboxer.Canvas, _input, 0);
        if (geometry.Outputs is null) RunAndKeepOutputBuffers(geometry);
        else _model.Session.Run(_runOptions, _inputNames, [geometry.Input], _outputNames, geometry.OutputValues!);
        return PersonDecoders.Decode(geometry.DecoderView!, _options, letterbox, geometry.InputSize);
    }

    /// <summary>Cameras keep their frame size, so the per-size state is built on the first frame and on a size change.</summary>
    private Size InputSizeFor(Size frame) =>
        _minimalPadding ? MinimalInputSize(frame, _options.InputSize) : new Size(_options.InputSize, _options.InputSize);

    /// <summary>The frame scaled to fit <paramref name="size"/>, each side rounded up to the next multiple of 32 (the largest stride).</summary>
    private static Size MinimalInputSize(Size frame, int size)
    {
        var content = Letterbox.Centre(frame, size).Content;
        return new Size(RoundUpTo32(content.Width), RoundUpTo32(content.Height));

        static int RoundUpTo32(int x) => (x + 31) / 32 * 32;
    }

    /// <summary>
    /// The first frame of a size lets ONNX Runtime allocate the outputs, since a dynamic model's output shapes are only
    /// known after a run; later frames of that size write into buffers of those shapes.
    /// </summary>
    private void RunAndKeepOutputBuffers(InputGeometry geometry)
    {
        using var outputs = _model.Session.Run(_runOptions, _inputNames, [geometry.Input], _outputNames);
        geometry.Outputs = outputs.Select(output =>
        {
            var data = output.GetTensorDataAsSpan<float>();
            var buffer = new PinnedTensorBuffer();
            buffer.EnsureCapacity(data.Length);
            data.CopyTo(buffer.Span);
            var shape = output.GetTensorTypeAndShape().Shape;
            return new OutputBuffer(buffer, data.Length, shape, buffer.AsTensor(shape));
        }).ToArray();
        geometry.OutputValues = geometry.Outputs.Select(o => o.Value).ToArray();
        geometry.DecoderView = geometry.Outputs.Select(o => new ModelOutput(o.Data.Memory[..o.Length], o.Shape)).ToArray();
    }

    public void Dispose()
    {
        _geometries.Dispose();
        _runOptions.Dispose();
        _model.Dispose();
    }

    private sealed record OutputBuffer(PinnedTensorBuffer Data, int Length, long[] Shape, OrtValue Value);

    /// <summary>Everything that depends on the frame size: the canvas, the tensor writer and the tensors over the shared buffers.</summary>
    private sealed class InputGeometry(Size inputSize, PersonDetectorOptions options, PinnedTensorBuffer input) : IDisposable
    {
        public Size InputSize { get; } = inputSize;
        public Letterboxer Letterboxer { get; } = new(inputSize, options.PadValue);
        public ImageTensorWriter Writer { get; } = new(inputSize.Width, inputSize.Height, options.Layout, options.ChannelOrder, options.Normalization);
        public OrtValue Input { get; } = input.AsTensor(options.Layout == TensorLayout.Nchw
            ? [1, 3, inputSize.Height, inputSize.Width]
            : [1, inputSize.Height, inputSize.Width, 3]);
        public OutputBuffer[]? Outputs { get; set; }

        public OrtValue[]? OutputValues { get; set; }

        /// <summary>The outputs as the decoders read them: views over the same buffers, made once.</summary>
        public ModelOutput[]? DecoderView { get; set; }

        public void Dispose()
        {
            foreach (var output in Outputs ?? []) output.Value.Dispose();
            Input.Dispose();
            Writer.Dispose();
            Letterboxer.Dispose();
        }
    }
}
