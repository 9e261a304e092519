using FaceActors.Vision.Inference;
using FaceActors.Vision.Preprocessing;

namespace FaceActors.Vision.Embedding;

/// <summary>
/// Everything needed to feed an ONNX face embedder: its aligned input size, tensor layout, channel order,
/// normalisation, and embedding size. The output is always L2-normalised in code (a no-op for models that
/// already normalise), so the description carries no flag for it.
/// </summary>
public sealed record EmbedderDescription(
    string ModelPath,
    int InputWidth,
    int InputHeight,
    TensorLayout Layout,
    ChannelOrder ChannelOrder,
    PixelNormalization Normalization,
    int OutputDimension)
{
    public InferenceOptions Inference { get; init; } = InferenceOptions.Default;

    /// <summary>The default: MobileFaceNet converted from the TFLite package, 112x112 NHWC RGB, (x - 127.5) / 128, 192-d.</summary>
    public static EmbedderDescription MobileFaceNet(string modelPath) =>
        new(modelPath, 112, 112, TensorLayout.Nhwc, ChannelOrder.Rgb, PixelNormalization.Symmetric, 192);

    /// <summary>
    /// A user-supplied FaceNet InceptionResnetV1 (VGGFace2 weights, e.g. facenet-pytorch exported to ONNX):
    /// 160x160 NCHW RGB with "fixed image standardisation" (x - 127.5) / 128, 512-d. Align it with a 160x160 aligner.
    /// </summary>
    public static EmbedderDescription FaceNetInceptionResnetV1(string modelPath) =>
        new(modelPath, 160, 160, TensorLayout.Nchw, ChannelOrder.Rgb, PixelNormalization.Symmetric, 512);

    internal void Validate()
    {
        if (InputWidth < 16 || InputHeight < 16)
            throw new ArgumentException($"An embedder input must be at least 16x16, got {InputWidth}x{InputHeight}.");
        if (OutputDimension < 1) throw new ArgumentException($"OutputDimension must be positive, got {OutputDimension}.");
    }
}
