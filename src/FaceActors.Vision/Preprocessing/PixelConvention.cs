namespace FaceActors.Vision.Preprocessing;

/// <summary>The order of the colour channels a model expects.</summary>
public enum ChannelOrder
{
    Rgb,
    Bgr,
}

/// <summary>How an image tensor is laid out in memory.</summary>
public enum TensorLayout
{
    /// <summary>Batch, channels, height, width (PyTorch exports).</summary>
    Nchw,
    /// <summary>Batch, height, width, channels (TensorFlow and TFLite exports).</summary>
    Nhwc,
}

/// <summary>
/// Maps 0..255 pixel values to model inputs as <c>(x - Mean) * Scale</c>, per channel, channels in the
/// model's order (after any BGR/RGB swap).
/// </summary>
public sealed record PixelNormalization(float Mean0, float Mean1, float Mean2, float Scale0, float Scale1, float Scale2)
{
    /// <summary>Raw 0..255 values (YOLOX).</summary>
    public static PixelNormalization None { get; } = Uniform(0f, 1f);

    /// <summary>x / 255, the 0..1 range (Ultralytics YOLO).</summary>
    public static PixelNormalization UnitRange { get; } = Uniform(0f, 1f / 255f);

    /// <summary>(x - 127.5) / 128, about -1..1 (MobileFaceNet, FaceNet's "fixed image standardisation").</summary>
    public static PixelNormalization Symmetric { get; } = Uniform(127.5f, 1f / 128f);

    public static PixelNormalization Uniform(float mean, float scale) => new(mean, mean, mean, scale, scale, scale);

    public float Mean(int channel) => channel switch { 0 => Mean0, 1 => Mean1, 2 => Mean2, _ => throw new ArgumentOutOfRangeException(nameof(channel)) };

    public float Scale(int channel) => channel switch { 0 => Scale0, 1 => Scale1, 2 => Scale2, _ => throw new ArgumentOutOfRangeException(nameof(channel)) };

    public bool IsUniform => Mean0 == Mean1 && Mean1 == Mean2 && Scale0 == Scale1 && Scale1 == Scale2;
}
