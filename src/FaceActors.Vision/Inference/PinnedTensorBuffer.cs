using System.Runtime.InteropServices;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using OpenCvSharp;

namespace FaceActors.Vision.Inference;

/// <summary>
/// A growable float buffer on the pinned object heap. OpenCV writes images straight into it through
/// <see cref="ImageView"/> and ONNX Runtime reads it through <see cref="AsTensor"/>, so a hot path neither
/// copies pixels nor pins memory per call. Growing replaces the array: take views after <see cref="EnsureCapacity"/>.
/// </summary>
public sealed class PinnedTensorBuffer
{
    private float[] _data = [];

    public int Capacity => _data.Length;

    public Span<float> Span => _data;

    /// <summary>The same elements as <see cref="Span"/>, for code that keeps them past a stack frame (a decoder's list of outputs).</summary>
    public ReadOnlyMemory<float> Memory => _data;

    /// <returns>True when the buffer was replaced, so views taken earlier are stale.</returns>
    public bool EnsureCapacity(int elements)
    {
        if (_data.Length >= elements) return false;
        _data = GC.AllocateUninitializedArray<float>(Math.Max(elements, _data.Length * 2), pinned: true);
        return true;
    }

    /// <summary>A float image header (no copy) over <paramref name="channels"/>-interleaved pixels starting at element <paramref name="offset"/>.</summary>
    public Mat ImageView(int rows, int cols, int channels, int offset = 0)
    {
        Require(offset + rows * cols * channels);
        return Mat.FromPixelData(rows, cols, MatType.CV_32FC(channels), Marshal.UnsafeAddrOfPinnedArrayElement(_data, offset));
    }

    /// <summary>A tensor (no copy) over the elements from <paramref name="offset"/>; dispose it before the buffer grows.</summary>
    public OrtValue AsTensor(long[] shape, int offset = 0)
    {
        var elements = shape.Aggregate(1L, (a, b) => a * b);
        Require(offset + elements);
        return OrtValue.CreateTensorValueWithData(OrtMemoryInfo.DefaultInstance, TensorElementType.Float, shape,
            Marshal.UnsafeAddrOfPinnedArrayElement(_data, offset), elements * sizeof(float));
    }

    private void Require(long elements)
    {
        if (elements > _data.Length)
            throw new InvalidOperationException($"The buffer holds {_data.Length} floats but {elements} were asked for; call EnsureCapacity first.");
    }
}
