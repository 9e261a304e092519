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
    /// HSE's FaceRes (MobileNet, from the TFJS models; it also predicts age and gender): 224x224 NHWC RGB, 0..255, the
    /// 1024 values of its global pooling as the embedding. On ORL, aligned: 99.7 % best accuracy, EER 0.36 % (MobileFaceNet
    /// 99.8 %, 0.18 %), at about twice MobileFaceNet's cost.
    /// </summary>
    public static EmbedderDescription FaceRes(string modelPath) =>
        new(modelPath, 224, 224, TensorLayout.Nhwc, ChannelOrder.Rgb, PixelNormalization.None, 1024);

    /// <summary>becauseofAI's MobileFace (from the TFJS models; it normalises in the graph): 112x112 NHWC RGB, 0..255, 256-d. On ORL, aligned: 97.3 %, EER 2.8 %.</summary>
    public static EmbedderDescription MobileFace(string modelPath) =>
        new(modelPath, 112, 112, TensorLayout.Nhwc, ChannelOrder.Rgb, PixelNormalization.None, 256);

    /// <summary>
    /// The MobileFaceNet Human ships (from the TFJS models): 112x112 NHWC RGB, 0..1, 192-d. On ORL, aligned to the ArcFace
    /// template, no normalisation tried gave more than 82 % (EER 18 %): it was trained on another crop than ours.
    /// </summary>
    public static EmbedderDescription HumanMobileFaceNet(string modelPath) =>
        new(modelPath, 112, 112, TensorLayout.Nhwc, ChannelOrder.Rgb, PixelNormalization.UnitRange, 192);

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
