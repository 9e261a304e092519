using Akka.Configuration;
using FaceActors.Vision.BlazeFace;
using FaceActors.Vision.Embedding;
using FaceActors.Vision.Inference;
using FaceActors.Vision.Liveness;
using FaceActors.Vision.Mtcnn;
using FaceActors.Vision.Preprocessing;
using FaceActors.Vision.Persons;

namespace FaceActors.Configuration;

public enum FaceDetectorKind { Mtcnn, BlazeFace }

/// <summary>The vision part of the configuration (faceactors.models, inference, detector, persons, embedder, matcher).</summary>
public sealed record VisionSettings(
    string ModelsDirectory,
    FaceDetectorKind Detector,
    MtcnnOptions Mtcnn,
    BlazeFaceOptions BlazeFace,
    PersonDetectorOptions? Persons,
    EmbedderDescription Embedder,
    MatcherSettings Matcher)
{
    /// <summary>Liveness scoring (faceactors.liveness), or null when it is off.</summary>
    public LivenessOptions? Liveness { get; init; }

    /// <summary>Why the models run on the CPU although the configuration asks for CUDA; null when they run where it asks.</summary>
    public string? GpuFallback { get; init; }

    /// <summary>Face detectors the cameras share (faceactors.inference.face-detection-workers), on one set of ONNX sessions.</summary>
    public int FaceDetectionWorkers { get; init; } = 1;

    public static VisionSettings Load(string? userConfigPath) => From(FaceActorsConfiguration.Load(userConfigPath));

    public static VisionSettings From(Config config)
    {
        var read = new HoconReader(config, "faceactors");
        var directory = read.String("models.directory");
        var modelsDirectory = directory.Length == 0 ? DefaultModels.ResolveDirectory() : Path.GetFullPath(directory);
        string Model(string fileOrPath) => Path.Combine(modelsDirectory, fileOrPath);

        var (inference, gpuFallback) = Inference(read);

        var thresholds = read.Floats("detector.mtcnn.thresholds", 3, 0, 1);
        var nms = read.Floats("detector.mtcnn.nms", 3, 0, 1);
        var mtcnn = new MtcnnOptions
        {
            MinFaceSize = read.Int("detector.mtcnn.min-face", 12, 2000),
            ScaleFactor = read.Float("detector.mtcnn.scale-factor", 0.5f, 0.95f),
            PNetScoreThreshold = thresholds[0], RNetScoreThreshold = thresholds[1], ONetScoreThreshold = thresholds[2],
            PNetLevelNms = nms[0], RNetNms = nms[1], ONetNms = nms[2],
            PNetPath = Model(DefaultModels.PNet), RNetPath = Model(DefaultModels.RNet), ONetPath = Model(DefaultModels.ONet),
            Inference = inference,
        };

        var blazeModel = read.Choice("detector.blazeface.model",
            new Dictionary<string, BlazeFaceModel> { ["front"] = BlazeFaceModel.Front128, ["back"] = BlazeFaceModel.Back256, ["full-range"] = BlazeFaceModel.FullRange192 });
        var blazeFace = new BlazeFaceOptions
        {
            Model = blazeModel,
            ScoreThreshold = read.Float("detector.blazeface.score-threshold", 0.01f, 0.99f),
            NmsThreshold = read.Float("detector.blazeface.nms-iou", 0.01f, 1),
            ModelPath = Model(BlazeFaceOptions.InstalledFile(blazeModel)),
            Inference = inference,
        };

        var persons = PersonOptions(read, Model, inference);

        var embedder = EmbedderFrom(read, Model) with { Inference = inference };

        return new VisionSettings(modelsDirectory,
            read.Choice("detector.kind", new Dictionary<string, FaceDetectorKind> { ["mtcnn"] = FaceDetectorKind.Mtcnn, ["blazeface"] = FaceDetectorKind.BlazeFace }),
            mtcnn, blazeFace, persons, embedder, MatcherSettings.From(read, Model, inference))
        {
            Liveness = LivenessFrom(read, Model, inference),
            FaceDetectionWorkers = read.Int("inference.face-detection-workers", 1, 8),
            GpuFallback = gpuFallback,
        };
    }

    /// <summary>The sessions' options; CUDA asked for where it cannot work gives the CPU and the reason, not an error.</summary>
    private static (InferenceOptions Options, string? GpuFallback) Inference(HoconReader read)
    {
        var options = new InferenceOptions(read.Int("inference.intra-op-threads", 1, 16), read.Boolean("inference.allow-spinning"),
            read.Choice("inference.provider", new Dictionary<string, ExecutionProvider> { ["cpu"] = ExecutionProvider.Cpu, ["cuda"] = ExecutionProvider.Cuda }),
            read.Int("inference.cuda-device", 0, 15));
        if (options.Provider != ExecutionProvider.Cuda || GpuSupport.WhyCudaIsUnavailable(options.CudaDevice) is not { } reason) return (options, null);
        return (options with { Provider = ExecutionProvider.Cpu },
            $"faceactors.inference.provider is cuda, but ONNX Runtime cannot use CUDA device {options.CudaDevice} here ({reason.TrimEnd('.')}). " +
            "The models run on the CPU. A GPU needs the GPU build (`dotnet build -p:OnnxRuntimeGpu=true`, README.md) and NVIDIA's CUDA 13 and cuDNN 9 libraries.");
    }

    private static LivenessOptions? LivenessFrom(HoconReader read, Func<string, string> installed, InferenceOptions inference)
    {
        var model = read.Choice("liveness.model",
            new Dictionary<string, LivenessModel> { ["antispoof"] = LivenessModel.AntiSpoof128, ["liveness"] = LivenessModel.LivenessNet32 });
        var threshold = read.Float("liveness.threshold", 0, 1);
        return read.Boolean("liveness.enabled")
            ? new LivenessOptions(installed(LivenessOptions.InstalledFile(model)), model, threshold) { Inference = inference }
            : null;
    }

    /// <summary>The installed embedders by name: each one's file and input convention.</summary>
    private static readonly Dictionary<string, (string File, Func<string, EmbedderDescription> Describe)?> Embedders = new()
    {
        ["mobilefacenet"] = (DefaultModels.MobileFaceNet, EmbedderDescription.MobileFaceNet),
        ["faceres"] = (DefaultModels.FaceRes, EmbedderDescription.FaceRes),
        ["mobileface"] = (DefaultModels.MobileFace, EmbedderDescription.MobileFace),
        ["mobilefacenet-human"] = (DefaultModels.HumanMobileFaceNet, EmbedderDescription.HumanMobileFaceNet),
        ["custom"] = null,
    };

    /// <summary>
    /// An installed embedder by name (its file unless `model` names another), or a custom one. The description keys set
    /// to a value (not "auto") override the named embedder's convention; a custom embedder needs every one of them.
    /// </summary>
    private static EmbedderDescription EmbedderFrom(HoconReader read, Func<string, string> installed)
    {
        const string auto = "auto";
        var model = read.String("embedder.model");
        var known = read.Choice("embedder.name", Embedders);
        if (known is null && model.Length == 0)
            throw new ConfigurationError("faceactors.embedder.model", "is empty, but a custom embedder needs its ONNX file (or set faceactors.embedder.name to an installed one)");
        var named = known?.Describe(installed(model.Length == 0 ? known.Value.File : model));
        T Described<T>(string key, T? value, Func<EmbedderDescription, T> preset) where T : struct =>
            value ?? (named is null ? throw new ConfigurationError($"faceactors.embedder.{key}", "is auto, but a custom embedder must be described: give it a value") : preset(named));

        var layout = read.Choice("embedder.layout", new Dictionary<string, TensorLayout?> { [auto] = null, ["nhwc"] = TensorLayout.Nhwc, ["nchw"] = TensorLayout.Nchw });
        var order = read.Choice("embedder.channel-order", new Dictionary<string, ChannelOrder?> { [auto] = null, ["rgb"] = ChannelOrder.Rgb, ["bgr"] = ChannelOrder.Bgr });
        var mean = read.FloatOr("embedder.mean", auto, 0, 255);
        var scale = read.FloatOr("embedder.scale", auto, 1e-6f, 10);
        return new EmbedderDescription(
            named?.ModelPath ?? installed(model),
            Described("input-width", read.IntOr("embedder.input-width", auto, 32, 1024), d => d.InputWidth),
            Described("input-height", read.IntOr("embedder.input-height", auto, 32, 1024), d => d.InputHeight),
            Described("layout", layout, d => d.Layout),
            Described("channel-order", order, d => d.ChannelOrder),
            mean is null && scale is null && named is not null
                ? named.Normalization
                : PixelNormalization.Uniform(Described("mean", mean, d => d.Normalization.Mean0), Described("scale", scale, d => d.Normalization.Scale0)),
            Described("dimension", read.IntOr("embedder.dimension", auto, 1, 4096), d => d.OutputDimension));
    }

    /// <summary>
    /// The configured model files that are not there, each named by the key that points at it: the detector's under
    /// models.directory, the embedder's, the Siamese head's (when it is the matcher) and the person detector's by their own keys.
    /// </summary>
    public IEnumerable<ConfigurationError> MissingModelFiles()
    {
        var detectorFiles = Detector == FaceDetectorKind.Mtcnn ? [Mtcnn.PNetPath, Mtcnn.RNetPath, Mtcnn.ONetPath] : new[] { BlazeFace.ModelPath };
        foreach (var file in detectorFiles.Where(f => !File.Exists(f)))
            yield return new ConfigurationError("faceactors.models.directory",
                $"holds no '{Path.GetFileName(file)}' (looked in {ModelsDirectory}); run `./faceactors models install`, or point the key at the folder that has the models");
        if (!File.Exists(Embedder.ModelPath))
            yield return new ConfigurationError("faceactors.embedder.model",
                $"names '{Embedder.ModelPath}', which does not exist; run `./faceactors models install` for the default, or fix the path");
        if (Matcher.Kind == MatcherKind.Siamese && !File.Exists(Matcher.SiameseModel))
            yield return new ConfigurationError("faceactors.matcher.siamese-model",
                $"names '{Matcher.SiameseModel}', which does not exist; it is not installed but trained: run `./faceactors train --data DIR`, or set faceactors.matcher.kind = cosine");
        if (Liveness is { } liveness && !File.Exists(liveness.ModelPath))
            yield return new ConfigurationError("faceactors.liveness.model",
                $"leads to '{liveness.ModelPath}', which does not exist; run `./faceactors models install`, or set faceactors.liveness.enabled = off");
        if (Persons is { } persons && !File.Exists(persons.ModelPath))
            yield return new ConfigurationError("faceactors.persons.model", persons.IsYolo
                ? $"names '{persons.ModelPath}', which does not exist; fix the path, or set faceactors.persons.format to nanodet (installed) or none"
                : $"leads to '{persons.ModelPath}', which does not exist; run `./faceactors models install`, or set faceactors.persons.format = none to gate on motion alone");
    }

    /// <summary>These settings, or <see cref="ConfigurationErrors"/> naming every configured model file that is not there.</summary>
    public VisionSettings RequireModelFiles() =>
        MissingModelFiles().ToList() is { Count: > 0 } missing ? throw new ConfigurationErrors(missing) : this;

    /// <summary>
    /// The person detector for a YOLO model path (the --yolo flag): the configured YOLO format, or YOLOX when the
    /// configuration names another family, with the configured thresholds.
    /// </summary>
    public PersonDetectorOptions PersonsFrom(string modelPath)
    {
        var yolo = Persons is { IsYolo: true } configured ? configured : PersonDetectorOptions.ForYoloX("");
        return yolo with
        {
            ModelPath = Path.GetFullPath(modelPath),
            ScoreThreshold = Persons?.ScoreThreshold ?? yolo.ScoreThreshold,
            NmsIou = Persons?.NmsIou ?? yolo.NmsIou,
            // Without a configured detector the key's shipped default (on) applies.
            MinimalPadding = Persons?.MinimalPadding ?? true,
            Inference = Persons?.Inference ?? yolo.Inference,
        };
    }

    private static readonly Dictionary<string, PersonModelFormat?> PersonFormats = new()
    {
        ["nanodet"] = PersonModelFormat.NanoDet, ["centernet"] = PersonModelFormat.CenterNet, ["blazepose"] = PersonModelFormat.BlazePose,
        ["yolov5"] = PersonModelFormat.YoloV5, ["yolov8"] = PersonModelFormat.YoloV8, ["yolox"] = PersonModelFormat.YoloX, ["none"] = null,
    };

    /// <summary>The installed file of each family `models install` ships.</summary>
    private static readonly Dictionary<PersonModelFormat, string> InstalledPersonModels = new()
    {
        [PersonModelFormat.NanoDet] = DefaultModels.NanoDet, [PersonModelFormat.CenterNet] = DefaultModels.CenterNet,
        [PersonModelFormat.BlazePose] = DefaultModels.BlazePoseDetector,
    };

    private static PersonDetectorOptions? PersonOptions(HoconReader read, Func<string, string> installed, InferenceOptions inference)
    {
        if (read.Choice("persons.format", PersonFormats) is not { } format) return null;
        var model = read.String("persons.model");
        if (model.Length == 0)
            model = InstalledPersonModels.TryGetValue(format, out var file)
                ? installed(file)
                : throw new ConfigurationError("faceactors.persons.model",
                    $"is empty, but the {format} format has no installed model; name your YOLO export's file, or set faceactors.persons.format to nanodet");
        var path = Path.GetFullPath(model);
        var options = format switch
        {
            PersonModelFormat.NanoDet => PersonDetectorOptions.ForNanoDet(path),
            PersonModelFormat.CenterNet => PersonDetectorOptions.ForCenterNet(path),
            PersonModelFormat.BlazePose => PersonDetectorOptions.ForBlazePose(path),
            PersonModelFormat.YoloX => PersonDetectorOptions.ForYoloX(path),
            _ => PersonDetectorOptions.ForUltralytics(path, format),
        };
        var size = read.Int("persons.input-size", 0, 1280);
        return options with
        {
            InputSize = size == 0 ? options.InputSize : size,
            ScoreThreshold = read.Float("persons.score-threshold", 0, 1),
            NmsIou = read.Float("persons.nms-iou", 0, 1),
            MinimalPadding = read.Boolean("persons.minimal-padding"),
            Inference = inference,
        };
    }
}
