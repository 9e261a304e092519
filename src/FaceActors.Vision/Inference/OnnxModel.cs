using Microsoft.ML.OnnxRuntime;

namespace FaceActors.Vision.Inference;

/// <summary>
/// One loaded ONNX model: a single session per model per process, with the checks every caller needs
/// (the file exists, the inputs have the expected rank and fixed sizes). ONNX Runtime runs one session from several
/// threads at once, so several holders may share it (<see cref="Share"/>); it closes when the last one lets go.
/// </summary>
public sealed class OnnxModel : IDisposable
{
    private int _holders = 1;

    public string Path { get; }
    public InferenceSession Session { get; }

    /// <summary>This model for one more holder (a second worker on another thread): the weights stay loaded once.</summary>
    public OnnxModel Share()
    {
        Interlocked.Increment(ref _holders);
        return this;
    }

    private OnnxModel(string path, InferenceSession session)
    {
        Path = path;
        Session = session;
    }

    /// <param name="role">What the model is for, used in error messages ("MTCNN P-Net", "face embedder").</param>
    public static OnnxModel Load(string path, string role, InferenceOptions? options = null)
    {
        if (!File.Exists(path)) throw new ModelNotFoundException(path, role);
        using var sessionOptions = (options ?? InferenceOptions.Default).ToSessionOptions();
        try
        {
            return new OnnxModel(path, new InferenceSession(path, sessionOptions));
        }
        catch (OnnxRuntimeException e)
        {
            throw new ModelMismatchException(path, $"ONNX Runtime could not load it as a {role} ({e.Message})");
        }
    }

    /// <summary>A model from bytes already read (and perhaps redeclared, <see cref="ModelDeclarations"/>); <paramref name="path"/> names it in errors.</summary>
    public static OnnxModel Load(byte[] model, string path, string role, InferenceOptions? options = null)
    {
        using var sessionOptions = (options ?? InferenceOptions.Default).ToSessionOptions();
        try
        {
            return new OnnxModel(path, new InferenceSession(model, sessionOptions));
        }
        catch (OnnxRuntimeException e)
        {
            throw new ModelMismatchException(path, $"ONNX Runtime could not load it as a {role} ({e.Message})");
        }
    }

    public string InputName(int index = 0) => Session.InputNames[index];
    public string OutputName(int index = 0) => Session.OutputNames[index];

    /// <summary>The declared shape of an input; dynamic dimensions are -1.</summary>
    public int[] InputShape(int index = 0) => Session.InputMetadata[Session.InputNames[index]].Dimensions;

    public int[] OutputShape(int index = 0) => Session.OutputMetadata[Session.OutputNames[index]].Dimensions;

    /// <summary>
    /// Fails with <see cref="ModelMismatchException"/> unless input <paramref name="index"/> has the given
    /// dimensions. A null expected dimension accepts anything; a dynamic model dimension (-1) accepts any expectation.
    /// </summary>
    public void RequireInputShape(int index, params int?[] expected)
    {
        if (index >= Session.InputNames.Count)
            throw new ModelMismatchException(Path, $"expected at least {index + 1} input(s), found {Session.InputNames.Count}");
        var actual = InputShape(index);
        if (actual.Length != expected.Length || expected.Where((e, i) => e is { } v && actual[i] >= 0 && actual[i] != v).Any())
            throw new ModelMismatchException(Path,
                $"input '{InputName(index)}' has shape [{string.Join(",", actual)}], expected [{string.Join(",", expected.Select(e => e?.ToString() ?? "*"))}]");
    }

    /// <summary>Lets go of the model; the last holder closes the session.</summary>
    public void Dispose()
    {
        if (Interlocked.Decrement(ref _holders) == 0) Session.Dispose();
    }
}
