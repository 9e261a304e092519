using FaceActors.Vision.Imaging;
using FaceActors.Vision.Inference;
using OpenCvSharp;

namespace FaceActors.Vision.Tests.Imaging;

public sealed class ImageLoaderSpecs
{
    [Fact]
    public void Corrupt_bytes_give_a_decode_error_that_names_the_source_and_the_formats()
    {
        var error = Assert.Throws<ImageDecodeException>(() => ImageLoader.Decode("this is not an image"u8, "'upload.jpg'"));

        Assert.Contains("'upload.jpg'", error.Message);
        Assert.Contains("JPEG, PNG", error.Message);
    }

    [Fact]
    public void A_jpeg_header_followed_by_garbage_is_a_decode_error()
    {
        byte[] bytes = [0xFF, 0xD8, 0xFF, 0xE0, .. Enumerable.Repeat((byte)0x5A, 500)];

        Assert.Throws<ImageDecodeException>(() => ImageLoader.Decode(bytes));
    }

    [Fact]
    public void Zero_bytes_are_an_empty_image()
    {
        var error = Assert.Throws<EmptyImageException>(() => ImageLoader.Decode(ReadOnlySpan<byte>.Empty, "'empty.png'"));
        Assert.Contains("zero width or height", error.Message);
    }

    [Fact]
    public void A_zero_size_frame_is_refused_before_it_reaches_a_model()
    {
        using var empty = new Mat();
        using var zeroWide = new Mat(10, 0, MatType.CV_8UC3);

        Assert.Throws<EmptyImageException>(() => ImageLoader.RequireBgr(empty, "camera 1"));
        Assert.Throws<EmptyImageException>(() => ImageLoader.RequireBgr(zeroWide, "camera 1"));
    }

    [Fact]
    public void A_grey_frame_is_refused_with_the_conversion_to_make()
    {
        using var grey = new Mat(8, 8, MatType.CV_8UC1, Scalar.All(0));

        var error = Assert.Throws<ArgumentException>(() => ImageLoader.RequireBgr(grey));
        Assert.Contains("CvtColor", error.Message);
    }

    [Fact]
    public void A_missing_file_names_its_path()
    {
        var error = Assert.Throws<FileNotFoundException>(() => ImageLoader.Load("/nonexistent/photo.jpg"));
        Assert.Contains("/nonexistent/photo.jpg", error.Message);
    }

    [Fact]
    public void Grey_and_colour_files_both_load_as_bgr()
    {
        using var grey = ImageLoader.Load(TestSupport.TestPaths.SharedData("orl_faces/s1/1.pgm"));

        Assert.Equal(MatType.CV_8UC3, grey.Type());
        Assert.Equal(new Size(92, 112), grey.Size());
    }
}
