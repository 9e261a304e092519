using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace FaceActors.Models.Tests.Support;

/// <summary>Runs an ONNX model on one float input and returns every output by name.</summary>
public sealed class OnnxRunner : IDisposable
{
    private readonly InferenceSession _session;

    public OnnxRunner(byte[] model) => _session = new InferenceSession(model);

    public OnnxRunner(string path) => _session = new InferenceSession(path);

    public string InputName => _session.InputNames[0];

    public IReadOnlyList<string> OutputNames => _session.OutputNames;

    public Dictionary<string, DenseTensor<float>> Run(DenseTensor<float> input)
    {
        using var results = _session.Run([NamedOnnxValue.CreateFromTensor(InputName, input)]);
        return results.ToDictionary(r => r.Name, r => (DenseTensor<float>)r.AsTensor<float>().Clone());
    }

    public static float MaxAbsDifference(DenseTensor<float> a, DenseTensor<float> b)
    {
        Assert.Equal(a.Dimensions.ToArray(), b.Dimensions.ToArray());
        var difference = 0f;
        for (var i = 0; i < a.Length; i++) difference = Math.Max(difference, Math.Abs(a.Buffer.Span[i] - b.Buffer.Span[i]));
        return difference;
    }

    public void Dispose() => _session.Dispose();
}
