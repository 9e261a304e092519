using FaceActors.Vision.Imaging;
using FaceActors.Vision.Inference;
using FaceActors.Vision.Preprocessing;
using Microsoft.ML.OnnxRuntime;
using OpenCvSharp;

namespace FaceActors.Vision.Embedding;

/// <summary>
/// Any ONNX face embedder described by an <see cref="EmbedderDescription"/>. The model is checked against
/// the description at load. Faces are packed into one pinned buffer (grown as needed) and embedded in one
/// call when the batch is dynamic, or in chunks of the model's fixed batch. Safe for one caller at a time.
/// </summary>
public sealed class OnnxFaceEmbedder : IFaceEmbedder, IDisposable
{
    private readonly EmbedderDescription _description;
    private readonly OnnxModel _model;
    private readonly ImageTensorWriter _writer;
    private readonly long[] _imageShape;
    private readonly int? _fixedBatch;
    private readonly string[] _inputNames;
    private readonly string[] _outputNames;
    private readonly RunOptions _runOptions = new();
    private readonly Mat _resized = new();
    private readonly PinnedTensorBuffer _buffer = new();
    private readonly int _output;

    public OnnxFaceEmbedder(EmbedderDescription description)
    {
        description.Validate();
        _description = description;
        _model = OnnxModel.Load(description.ModelPath, "face embedder", description.Inference);
        try
        {
            (_fixedBatch, _output) = RequireMatches(_model, description);
        }
        catch
        {
            _model.Dispose();
            throw;
        }
        var (w, h) = (description.InputWidth, description.InputHeight);
        _imageShape = description.Layout == TensorLayout.Nhwc ? [h, w, 3] : [3, h, w];
        _writer = new ImageTensorWriter(w, h, description.Layout, description.ChannelOrder, description.Normalization);
        _inputNames = [_model.InputName()];
        _outputNames = [_model.OutputName(_output)];
    }

    public Size InputSize => new(_description.InputWidth, _description.InputHeight);

    public int Dimension => _description.OutputDimension;

    public float[] Embed(Mat alignedFace) => Embed([alignedFace])[0];

    public IReadOnlyList<float[]> Embed(IReadOnlyList<Mat> alignedFaces)
    {
        var embeddings = new List<float[]>(alignedFaces.Count);
        var chunk = _fixedBatch ?? Math.Max(1, alignedFaces.Count);
        for (var start = 0; start < alignedFaces.Count; start += chunk)
            EmbedBatch(alignedFaces, start, Math.Min(chunk, alignedFaces.Count - start), _fixedBatch ?? chunk, embeddings);
        return embeddings;
    }

    /// <summary>Embeds faces [start, start + count) as one tensor of <paramref name="batch"/> images (the unused tail zeroed).</summary>
    private void EmbedBatch(IReadOnlyList<Mat> faces, int start, int count, int batch, List<float[]> embeddings)
    {
        var imageLength = _writer.ImageLength;
        _buffer.EnsureCapacity(batch * imageLength);
        for (var i = 0; i < count; i++) _writer.Write(Sized(faces[start + i]), _buffer, i * imageLength);
        _buffer.Span[(count * imageLength)..(batch * imageLength)].Clear();

        using var input = _buffer.AsTensor([batch, .. _imageShape]);
        using var outputs = _model.Session.Run(_runOptions, _inputNames, [input], _outputNames);
        var output = outputs[0].GetTensorDataAsSpan<float>();
        var dimension = _description.OutputDimension;
        if (output.Length != batch * dimension)
            throw new ModelMismatchException(_model.Path, $"the output has {output.Length / batch} values per face, the description says {dimension}");
        for (var i = 0; i < count; i++) embeddings.Add(L2Normalised(output.Slice(i * dimension, dimension)));
    }

    private Mat Sized(Mat face)
    {
        ImageLoader.RequireBgr(face, "an aligned face");
        if (face.Size() == InputSize) return face;
        Cv2.Resize(face, _resized, InputSize, interpolation: InterpolationFlags.Area);
        return _resized;
    }

    private static float[] L2Normalised(ReadOnlySpan<float> raw)
    {
        var norm = 0.0;
        foreach (var v in raw) norm += v * v;
        var embedding = raw.ToArray();
        if (norm <= 0) return embedding;
        var inverse = (float)(1 / Math.Sqrt(norm));
        for (var i = 0; i < embedding.Length; i++) embedding[i] *= inverse;
        return embedding;
    }

    /// <summary>
    /// Checks input and output against the description; returns the model's fixed batch size (null when dynamic) and
    /// the output that holds the embedding: the only one, or, in a model with several (FaceRes also gives age and
    /// gender), the one of the described length.
    /// </summary>
    private static (int? FixedBatch, int Output) RequireMatches(OnnxModel model, EmbedderDescription d)
    {
        if (model.Session.InputNames.Count != 1)
            throw new ModelMismatchException(model.Path, $"a face embedder has one image input, this model has {model.Session.InputNames.Count}");
        var input = model.InputShape();
        var inputName = $"input '{model.InputName()}' [{string.Join(",", input)}]";
        if (input.Length != 4)
            throw new ModelMismatchException(model.Path, $"{inputName} has rank {input.Length}, the description says rank 4 ({d.Layout})");
        var (c, h, w) = d.Layout == TensorLayout.Nhwc ? (3, 1, 2) : (1, 2, 3);
        if (input[c] >= 0 && input[c] != 3)
        {
            var other = d.Layout == TensorLayout.Nhwc ? TensorLayout.Nchw : TensorLayout.Nhwc;
            throw new ModelMismatchException(model.Path, $"{inputName} has {input[c]} channels where the {d.Layout} layout puts them; is the layout {other}?");
        }
        if (input[h] >= 0 && input[h] != d.InputHeight)
            throw new ModelMismatchException(model.Path, $"{inputName} has height {input[h]}, the description says {d.InputHeight}");
        if (input[w] >= 0 && input[w] != d.InputWidth)
            throw new ModelMismatchException(model.Path, $"{inputName} has width {input[w]}, the description says {d.InputWidth}");

        var index = model.Session.OutputNames.Count == 1 ? 0
            : model.RequireOutput(shape => shape.Length >= 2 && shape.Skip(1).Aggregate(1L, (p, x) => p * x) == d.OutputDimension, $"an embedding of {d.OutputDimension} values");
        var output = model.OutputShape(index);
        var outputName = $"output '{model.OutputName(index)}' [{string.Join(",", output)}]";
        if (output.Length < 2)
            throw new ModelMismatchException(model.Path, $"{outputName} has rank {output.Length}, expected [batch, {d.OutputDimension}]");
        // Trailing 1s (e.g. [N,512,1,1]) are harmless; any other fixed size must multiply to the dimension.
        if (output.Skip(1).All(x => x >= 0) && output.Skip(1).Aggregate(1L, (p, x) => p * x) != d.OutputDimension)
            throw new ModelMismatchException(model.Path, $"{outputName} gives {string.Join("x", output.Skip(1))} values per face, the description says {d.OutputDimension}");
        return (input[0] >= 1 ? input[0] : null, index);
    }

    public void Dispose()
    {
        _runOptions.Dispose();
        _resized.Dispose();
        _writer.Dispose();
        _model.Dispose();
    }
}
