using FaceActors.Vision.Inference;
using FaceActors.Vision.Preprocessing;

namespace FaceActors.Vision.Persons;

/// <summary>The person detector families we decode, each with its own output layout.</summary>
public enum PersonModelFormat
{
    /// <summary>YOLOv5: [1,N,5+C]: cx, cy, w, h in letterboxed pixels, objectness, class scores; score = objectness x class.</summary>
    YoloV5,
    /// <summary>YOLOv8 / YOLO11: [1,4+C,N] (or [1,N,4+C]): cx, cy, w, h in letterboxed pixels, class scores; no objectness.</summary>
    YoloV8,
    /// <summary>YOLOX: [1,N,5+C] like v5, but xywh are raw grid outputs over strides 8/16/32 unless the export decoded them.</summary>
    YoloX,
    /// <summary>NanoDet (legacy GFL head): per stride 8/16/32, class scores [1,N,80] and box side distributions [1,N,4x(reg_max+1)].</summary>
    NanoDet,
    /// <summary>MobileNetV3 CenterNet with its in-graph decode: [1,100,6] rows of x1, y1, x2, y2 (input pixels), score, class.</summary>
    CenterNet,
    /// <summary>MediaPipe's pose detector: [1,2254,13] rows of a score logit, a face box and four body keypoints, over SSD anchors.</summary>
    BlazePose,
}

/// <summary>
/// A person detector: the model, its family, its input size and convention, and the thresholds. Use the factory of
/// each family (<see cref="ForYoloX"/>, <see cref="ForUltralytics"/>, <see cref="ForNanoDet"/>, <see cref="ForCenterNet"/>,
/// <see cref="ForBlazePose"/>) for the conventions it was trained with.
/// </summary>
/// <param name="InputSize">Side of the square letterboxed input (with <see cref="MinimalPadding"/>, its long side), a multiple of 32; must equal the model's size unless the model's H/W are dynamic.</param>
/// <param name="ScoreThreshold">Minimum person score, 0..1.</param>
/// <param name="NmsIou">Boxes overlapping a better person box by more than this IoU are dropped, 0..1.</param>
public sealed record PersonDetectorOptions(
    string ModelPath,
    PersonModelFormat Format,
    int InputSize,
    ChannelOrder ChannelOrder,
    PixelNormalization Normalization,
    float ScoreThreshold = 0.5f,
    float NmsIou = 0.45f)
{
    /// <summary>How the input tensor is laid out: PyTorch exports take NCHW, TensorFlow's NHWC.</summary>
    public TensorLayout Layout { get; init; } = TensorLayout.Nchw;

    /// <summary>Letterbox padding value (YOLO pads with grey 114).</summary>
    public byte PadValue { get; init; } = 114;

    /// <summary>
    /// YOLOX only: whether the export already decoded xywh into pixels. Null detects it per frame from the
    /// magnitude of the x column (raw grid offsets stay within a few units; decoded centres span the input).
    /// </summary>
    public bool? YoloXOutputDecoded { get; init; }

    /// <summary>
    /// Pad the frame's short side just to the next multiple of 32 instead of to a square (a 640x480 frame at 416 becomes
    /// 416x320), which cuts about a quarter of the work at the same resolution. Dynamic-size exports and YOLO exports
    /// whose graph runs at other sizes than the square they declare (<see cref="PersonDetector"/>) get it; the
    /// installed families keep their square.
    /// </summary>
    public bool MinimalPadding { get; init; }

    public InferenceOptions Inference { get; init; } = InferenceOptions.Default;

    /// <summary>A YOLO export a user brings, as opposed to the families installed by `models install`.</summary>
    public bool IsYolo => Format is PersonModelFormat.YoloV5 or PersonModelFormat.YoloV8 or PersonModelFormat.YoloX;

    /// <summary>YOLOX as its repository exports it: BGR, 0..255 with no normalisation.</summary>
    public static PersonDetectorOptions ForYoloX(string modelPath, int inputSize = 416) =>
        new(modelPath, PersonModelFormat.YoloX, inputSize, ChannelOrder.Bgr, PixelNormalization.None);

    /// <summary>Ultralytics YOLOv5 / YOLOv8 / YOLO11: RGB scaled to 0..1.</summary>
    public static PersonDetectorOptions ForUltralytics(string modelPath, PersonModelFormat format, int inputSize = 640) =>
        new(modelPath, format, inputSize, ChannelOrder.Rgb, PixelNormalization.UnitRange);

    /// <summary>NanoDet as Human's TFJS conversion takes it: NCHW, 416, RGB scaled to 0..1.</summary>
    public static PersonDetectorOptions ForNanoDet(string modelPath) =>
        new(modelPath, PersonModelFormat.NanoDet, 416, ChannelOrder.Rgb, PixelNormalization.UnitRange) { PadValue = 0 };

    /// <summary>CenterNet as Human's TFJS conversion takes it: NHWC, 512, RGB 0..255.</summary>
    public static PersonDetectorOptions ForCenterNet(string modelPath) =>
        new(modelPath, PersonModelFormat.CenterNet, 512, ChannelOrder.Rgb, PixelNormalization.None) { Layout = TensorLayout.Nhwc, PadValue = 0 };

    /// <summary>MediaPipe's pose detector: NHWC, 224, RGB scaled to -1..1, letterboxed with black as MediaPipe pads.</summary>
    public static PersonDetectorOptions ForBlazePose(string modelPath) =>
        new(modelPath, PersonModelFormat.BlazePose, 224, ChannelOrder.Rgb, PixelNormalization.Uniform(127.5f, 1 / 127.5f)) { Layout = TensorLayout.Nhwc, PadValue = 0 };

    internal void Validate()
    {
        if (InputSize <= 0 || InputSize % 32 != 0)
            throw new InvalidInputException($"A person detector's input size must be a positive multiple of 32 (the largest stride), got {InputSize}.");
        if (ScoreThreshold is < 0 or > 1) throw new ArgumentException($"ScoreThreshold must be in 0..1, got {ScoreThreshold}.", nameof(ScoreThreshold));
        if (NmsIou is < 0 or > 1) throw new ArgumentException($"NmsIou must be in 0..1, got {NmsIou}.", nameof(NmsIou));
    }
}
