using FaceActors.Vision.Inference;
using OpenCvSharp;

namespace FaceActors.Vision.Imaging;

/// <summary>Reads images into 8-bit BGR <see cref="Mat"/>s, turning every failure into a typed, actionable error.</summary>
public static class ImageLoader
{
    public static Mat Load(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"The image '{path}' does not exist. Check the path.", path);
        return Decode(File.ReadAllBytes(path), $"'{path}'");
    }

    public static Mat Decode(ReadOnlySpan<byte> bytes, string source = "the given bytes")
    {
        if (bytes.IsEmpty) throw new EmptyImageException(source);
        Mat image;
        try
        {
            image = Cv2.ImDecode(bytes, ImreadModes.Color);
        }
        catch (OpenCVException e)
        {
            throw new ImageDecodeException(source, e);
        }
        if (image.Empty())
        {
            image.Dispose();
            throw new ImageDecodeException(source);
        }
        return image;
    }

    /// <summary>Rejects a null, empty or non-BGR frame before it reaches a model.</summary>
    public static void RequireBgr(Mat? image, string source = "the frame")
    {
        if (image is null || image.Empty() || image.Width == 0 || image.Height == 0) throw new EmptyImageException(source);
        if (image.Type() != MatType.CV_8UC3)
            throw new ArgumentException($"{source} must be 8-bit BGR (CV_8UC3), but is {image.Type()}. Convert it with Cv2.CvtColor first.", nameof(image));
    }
}
