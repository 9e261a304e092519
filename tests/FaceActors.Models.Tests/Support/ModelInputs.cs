using FaceActors.TestSupport;
using FaceActors.Vision.Imaging;
using Microsoft.ML.OnnxRuntime.Tensors;
using OpenCvSharp;

namespace FaceActors.Models.Tests.Support;

/// <summary>Input tensors for the converted models, preprocessed the way each model expects.</summary>
public static class ModelInputs
{
    /// <summary>Real photos: an ORL face and two colour photos from face_recognition's examples.</summary>
    public static IEnumerable<string> RealImages() =>
    [
        TestPaths.SharedData("orl_faces/s1/1.pgm"),
        TestPaths.SharedData("face_recognition_examples/obama_small.jpg"),
        TestPaths.SharedData("face_recognition_examples/two_people.jpg"),
    ];

    /// <summary>
    /// MTCNN's input: the image resized to width x height, RGB, (x − 127.5) · 0.0078125, with height and
    /// width swapped (a Caffe legacy), so the tensor is [images, width, height, 3].
    /// </summary>
    public static DenseTensor<float> Mtcnn(IReadOnlyList<string> imagePaths, int width, int height) =>
        RgbTensor(imagePaths, width, height, scale: 0.0078125f, widthFirst: true);

    /// <summary>MobileFaceNet's input: 112x112 RGB, (x − 127.5) / 128, NHWC.</summary>
    public static DenseTensor<float> MobileFaceNet(IReadOnlyList<string> imagePaths) =>
        RgbTensor(imagePaths, 112, 112, scale: 1 / 128f, widthFirst: false);

    private static DenseTensor<float> RgbTensor(IReadOnlyList<string> imagePaths, int width, int height, float scale, bool widthFirst)
    {
        var tensor = new DenseTensor<float>(widthFirst ? [imagePaths.Count, width, height, 3] : [imagePaths.Count, height, width, 3]);
        for (var n = 0; n < imagePaths.Count; n++)
        {
            using var image = ImageLoader.Load(imagePaths[n]);
            using var resized = image.Resize(new Size(width, height), interpolation: InterpolationFlags.Area);
            for (var y = 0; y < height; y++)
            for (var x = 0; x < width; x++)
            {
                var bgr = resized.At<Vec3b>(y, x);
                var (i, j) = widthFirst ? (x, y) : (y, x);
                tensor[n, i, j, 0] = (bgr.Item2 - 127.5f) * scale;
                tensor[n, i, j, 1] = (bgr.Item1 - 127.5f) * scale;
                tensor[n, i, j, 2] = (bgr.Item0 - 127.5f) * scale;
            }
        }
        return tensor;
    }

    /// <summary>An image resized to width x height, RGB, x · scale + offset, NHWC or NCHW.</summary>
    public static DenseTensor<float> Rgb(string imagePath, int width, int height, bool channelsFirst, float scale, float offset)
    {
        var tensor = new DenseTensor<float>(channelsFirst ? [1, 3, height, width] : [1, height, width, 3]);
        using var image = ImageLoader.Load(imagePath);
        using var resized = image.Resize(new Size(width, height), interpolation: InterpolationFlags.Area);
        for (var y = 0; y < height; y++)
        for (var x = 0; x < width; x++)
        {
            var bgr = resized.At<Vec3b>(y, x);
            for (var c = 0; c < 3; c++)
            {
                var value = bgr[2 - c] * scale + offset;
                if (channelsFirst) tensor[0, c, y, x] = value;
                else tensor[0, y, x, c] = value;
            }
        }
        return tensor;
    }

    /// <summary>Uniform noise in [min, max].</summary>
    public static DenseTensor<float> Noise(int seed, float min, float max, params int[] shape)
    {
        var random = new Random(seed);
        var tensor = new DenseTensor<float>(shape);
        for (var i = 0; i < tensor.Length; i++) tensor.Buffer.Span[i] = min + random.NextSingle() * (max - min);
        return tensor;
    }

    /// <summary>Uniform noise in [−1, 1], the range of the models' normalised inputs.</summary>
    public static DenseTensor<float> Noise(int seed, params int[] shape)
    {
        var random = new Random(seed);
        var tensor = new DenseTensor<float>(shape);
        for (var i = 0; i < tensor.Length; i++) tensor.Buffer.Span[i] = random.NextSingle() * 2 - 1;
        return tensor;
    }

    /// <summary>Row <paramref name="row"/> of a batch, as a batch of one.</summary>
    public static DenseTensor<float> Row(DenseTensor<float> batch, int row)
    {
        var shape = batch.Dimensions.ToArray();
        var rowLength = (int)(batch.Length / shape[0]);
        shape[0] = 1;
        return new DenseTensor<float>(batch.Buffer.Slice(row * rowLength, rowLength).ToArray(), shape);
    }
}
