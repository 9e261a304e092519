using FaceActors.Vision.Inference;
using Microsoft.ML.OnnxRuntime;
using OpenCvSharp;

namespace FaceActors.Vision.Mtcnn;

/// <summary>
/// One P-Net pyramid level with everything it needs kept between frames of the same size: the 8-bit
/// pixels (RGB, transposed, as P-Net takes them), the float input they are converted into, and a tensor over it.
/// </summary>
internal sealed class PyramidLevel : IDisposable
{
    private readonly PinnedTensorBuffer _buffer = new();

    public PyramidLevel(float scale, int width, int height)
    {
        Scale = scale;
        Width = width;
        Height = height;
        _buffer.EnsureCapacity(width * height * 3);
        // Transposed: a row per image column, [1, W, H, 3].
        Pixels = new Mat(width, height, MatType.CV_8UC3);
        Input = _buffer.ImageView(width, height, 3);
        Tensor = _buffer.AsTensor([1, width, height, 3]);
    }

    /// <summary>Level pixels per source pixel.</summary>
    public float Scale { get; }
    public int Width { get; }
    public int Height { get; }

    /// <summary>The level's 8-bit RGB pixels, transposed (Width rows of Height pixels).</summary>
    public Mat Pixels { get; }

    /// <summary>Normalised float view of the tensor's memory.</summary>
    public Mat Input { get; }

    public OrtValue Tensor { get; }

    public void Dispose()
    {
        Tensor.Dispose();
        Input.Dispose();
        Pixels.Dispose();
    }
}
