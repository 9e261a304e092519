using OpenCvSharp;

namespace FaceActors.Vision.Alignment;

/// <summary>
/// An aligned face's pixels (BGR, row-major), copied out of the aligner's reused buffer for whoever keeps the face
/// past its frame (the face library's review). A copy, not an encoding: most faces kept this way are let go again
/// once matched, and a memory copy costs a fraction of a JPEG encoding.
/// </summary>
public sealed record AlignedCrop(int Width, int Height, byte[] Bgr)
{
    public static AlignedCrop Of(Mat aligned)
    {
        if (aligned.Type() != MatType.CV_8UC3 || !aligned.IsContinuous())
            throw new ArgumentException($"An aligned face is continuous 8-bit BGR, not {aligned.Type()}.", nameof(aligned));
        var bgr = new byte[aligned.Rows * aligned.Cols * 3];
        System.Runtime.InteropServices.Marshal.Copy(aligned.Data, bgr, 0, bgr.Length);
        return new AlignedCrop(aligned.Cols, aligned.Rows, bgr);
    }

    public byte[] ToJpeg(int quality = 90)
    {
        using var image = Mat.FromPixelData(Height, Width, MatType.CV_8UC3, Bgr);
        Cv2.ImEncode(".jpg", image, out var jpeg, new ImageEncodingParam(ImwriteFlags.JpegQuality, quality));
        return jpeg;
    }
}
