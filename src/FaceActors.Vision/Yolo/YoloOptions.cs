using FaceActors.Vision;
using FaceActors.Vision.Inference;
using FaceActors.Vision.Preprocessing;

namespace FaceActors.Vision.Yolo;

/// <summary>The output layouts of the YOLO families we decode.</summary>
public enum YoloOutputFormat
{
    /// <summary>[1,N,5+C]: cx, cy, w, h in letterboxed pixels, objectness, class scores; score = objectness x class.</summary>
    YoloV5,
    /// <summary>[1,4+C,N] (or [1,N,4+C]): cx, cy, w, h in letterboxed pixels, class scores; no objectness.</summary>
    YoloV8,
    /// <summary>[1,N,5+C] like v5, but xywh are raw grid outputs over strides 8/16/32 unless the export decoded them.</summary>
    YoloX,
}

/// <summary>
/// A YOLO person detector: the model, its output format, its input size and input convention, and
/// the thresholds. Use <see cref="ForYoloX"/> or <see cref="ForUltralytics"/> for the conventions each family was trained with.
/// </summary>
/// <param name="InputSize">Side of the square letterboxed input (with <see cref="MinimalPadding"/>, its long side), a multiple of 32; must equal the model's size unless the model's H/W are dynamic.</param>
/// <param name="ScoreThreshold">Minimum person score, 0..1.</param>
/// <param name="NmsIou">Boxes overlapping a better person box by more than this IoU are dropped, 0..1.</param>
public sealed record YoloOptions(
    string ModelPath,
    YoloOutputFormat Format,
    int InputSize,
    ChannelOrder ChannelOrder,
    PixelNormalization Normalization,
    float ScoreThreshold = 0.5f,
    float NmsIou = 0.45f)
{
    /// <summary>Letterbox padding value (both families pad with grey 114).</summary>
    public byte PadValue { get; init; } = 114;

    /// <summary>
    /// YOLOX only: whether the export already decoded xywh into pixels. Null detects it per frame from the
    /// magnitude of the x column (raw grid offsets stay within a few units; decoded centres span the input).
    /// </summary>
    public bool? YoloXOutputDecoded { get; init; }

    /// <summary>
    /// Dynamic-size models only: pad the frame's short side just to the next multiple of 32 instead of to a
    /// square (a 640x480 frame at 416 becomes 416x320), which cuts about a quarter of the work at the same
    /// resolution. Fixed-size models always get the square.
    /// </summary>
    public bool MinimalPadding { get; init; }

    public InferenceOptions Inference { get; init; } = InferenceOptions.Default;

    /// <summary>YOLOX as its repository exports it: BGR, 0..255 with no normalisation.</summary>
    public static YoloOptions ForYoloX(string modelPath, int inputSize = 416) =>
        new(modelPath, YoloOutputFormat.YoloX, inputSize, ChannelOrder.Bgr, PixelNormalization.None);

    /// <summary>Ultralytics YOLOv5 / YOLOv8 / YOLO11: RGB scaled to 0..1.</summary>
    public static YoloOptions ForUltralytics(string modelPath, YoloOutputFormat format, int inputSize = 640) =>
        new(modelPath, format, inputSize, ChannelOrder.Rgb, PixelNormalization.UnitRange);

    internal void Validate()
    {
        if (InputSize <= 0 || InputSize % 32 != 0)
            throw new InvalidInputException($"YOLO input size must be a positive multiple of 32 (the largest stride), got {InputSize}.");
        if (ScoreThreshold is < 0 or > 1) throw new ArgumentException($"ScoreThreshold must be in 0..1, got {ScoreThreshold}.", nameof(ScoreThreshold));
        if (NmsIou is < 0 or > 1) throw new ArgumentException($"NmsIou must be in 0..1, got {NmsIou}.", nameof(NmsIou));
    }
}
