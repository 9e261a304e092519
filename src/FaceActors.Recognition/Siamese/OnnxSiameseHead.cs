using FaceActors.Vision;
using FaceActors.Vision.Inference;
using Microsoft.ML.OnnxRuntime;

namespace FaceActors.Recognition.Siamese;

/// <summary>
/// A trained head loaded in ONNX Runtime, scoring one face against up to N references in one call. The
/// face, the references and the scores live in pinned buffers that ORT reads and writes as <c>OrtValue</c>s,
/// so a call allocates no tensors. Safe for one caller at a time.
/// </summary>
public sealed class OnnxSiameseHead : IDisposable
{
    private readonly OnnxModel _model;
    private readonly RunOptions _runOptions = new();
    private readonly PinnedTensorBuffer _probe = new();
    private readonly PinnedTensorBuffer _references = new();
    private readonly PinnedTensorBuffer _scores = new();
    private static readonly string[] InputNames = [SiameseHeadOnnx.ProbeInput, SiameseHeadOnnx.ReferenceInput];
    private static readonly string[] OutputNames = [SiameseHeadOnnx.SimilarityOutput];

    /// <exception cref="SiameseHeadNotFoundException">No file at <paramref name="path"/>.</exception>
    /// <exception cref="ModelMismatchException">The file is not a head written by `faceactors train`.</exception>
    public OnnxSiameseHead(string path, InferenceOptions? options = null)
    {
        if (!File.Exists(path)) throw new SiameseHeadNotFoundException(path);
        _model = OnnxModel.Load(path, "Siamese head", options);
        try
        {
            if (!_model.Session.InputNames.SequenceEqual(InputNames) || !_model.Session.OutputNames.SequenceEqual(OutputNames))
                throw new ModelMismatchException(path,
                    $"a Siamese head has inputs {string.Join(", ", InputNames)} and output {OutputNames[0]}; this model has inputs {string.Join(", ", _model.Session.InputNames)}");
            _model.RequireInputShape(0, null, null);
            Dimension = _model.InputShape()[1];
            if (Dimension < 1) throw new ModelMismatchException(path, "the embedding length of its inputs is not fixed");
            _model.RequireInputShape(1, null, Dimension);
            _probe.EnsureCapacity(Dimension);
        }
        catch
        {
            _model.Dispose();
            throw;
        }
    }

    /// <summary>The embedding length the head was trained on.</summary>
    public int Dimension { get; }

    /// <summary>Refuses a face from another embedder than the one the head was trained on.</summary>
    public void RequireDimension(int faceDimension)
    {
        if (faceDimension != Dimension)
            throw new InvalidInputException($"The Siamese head compares embeddings of {Dimension} values but this face's has {faceDimension}: it was trained for another embedder. Train it again with `./faceactors train --data DIR`.");
    }

    /// <summary>Room for <paramref name="count"/> references, row-major; fill it, then call <see cref="Score"/>.</summary>
    public Span<float> References(int count)
    {
        _references.EnsureCapacity(count * Dimension);
        _scores.EnsureCapacity(count);
        return _references.Span[..(count * Dimension)];
    }

    /// <summary>The similarity (0..1) of <paramref name="face"/> with each of the first <paramref name="count"/> rows of <see cref="References"/>.</summary>
    public ReadOnlySpan<float> Score(ReadOnlySpan<float> face, int count)
    {
        RequireDimension(face.Length);
        if (count * Dimension > _references.Capacity) throw new InvalidOperationException($"Room for {count} references was not asked for; call References({count}) first.");
        face.CopyTo(_probe.Span);
        using var probe = _probe.AsTensor([1, Dimension]);
        using var references = _references.AsTensor([count, Dimension]);
        using var scores = _scores.AsTensor([count]);
        _model.Session.Run(_runOptions, InputNames, [probe, references], OutputNames, [scores]);
        return _scores.Span[..count];
    }

    public void Dispose()
    {
        _runOptions.Dispose();
        _model.Dispose();
    }
}

/// <summary>The Siamese matcher is configured but its head has not been trained (the file is produced by `train`, not installed).</summary>
public sealed class SiameseHeadNotFoundException(string path)
    : VisionException($"The Siamese head model was not found at '{path}'. It is not a default model: train it with `./faceactors train --data DIR` " +
                      "(for example --data ../shared/data/orl_faces), or set faceactors.matcher.kind = cosine.")
{
    public string ModelPath { get; } = path;
}
