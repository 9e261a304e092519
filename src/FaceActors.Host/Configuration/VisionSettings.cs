using Akka.Configuration;
using FaceActors.Vision.BlazeFace;
using FaceActors.Vision.Embedding;
using FaceActors.Vision.Inference;
using FaceActors.Vision.Mtcnn;
using FaceActors.Vision.Preprocessing;
using FaceActors.Vision.Yolo;

namespace FaceActors.Host.Configuration;

public enum FaceDetectorKind { Mtcnn, BlazeFace }

/// <summary>The vision part of the configuration (faceactors.models, inference, detector, persons, embedder, matcher).</summary>
public sealed record VisionSettings(
    string ModelsDirectory,
    FaceDetectorKind Detector,
    MtcnnOptions Mtcnn,
    BlazeFaceOptions BlazeFace,
    YoloOptions? Persons,
    EmbedderDescription Embedder,
    MatcherSettings Matcher)
{
    public static VisionSettings Load(string? userConfigPath) => From(FaceActorsConfiguration.Load(userConfigPath));

    public static VisionSettings From(Config config)
    {
        var read = new HoconReader(config, "faceactors");
        var directory = read.String("models.directory");
        var modelsDirectory = directory.Length == 0 ? DefaultModels.ResolveDirectory() : Path.GetFullPath(directory);
        string Model(string fileOrPath) => Path.Combine(modelsDirectory, fileOrPath);

        var inference = new InferenceOptions(read.Int("inference.intra-op-threads", 1, 16), read.Boolean("inference.allow-spinning"));

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
            new Dictionary<string, BlazeFaceModel> { ["front"] = BlazeFaceModel.Front128, ["back"] = BlazeFaceModel.Back256 });
        var blazeFace = new BlazeFaceOptions
        {
            Model = blazeModel,
            ScoreThreshold = read.Float("detector.blazeface.score-threshold", 0.01f, 0.99f),
            NmsThreshold = read.Float("detector.blazeface.nms-iou", 0.01f, 1),
            ModelPath = Model(blazeModel == BlazeFaceModel.Front128 ? DefaultModels.BlazeFaceFront : DefaultModels.BlazeFaceBack),
            Inference = inference,
        };

        var personModel = read.String("persons.model");
        var persons = personModel.Length == 0 ? null : PersonOptions(read, personModel, inference);

        var embedder = new EmbedderDescription(
            Model(read.String("embedder.model")),
            read.Int("embedder.input-width", 32, 1024),
            read.Int("embedder.input-height", 32, 1024),
            read.Choice("embedder.layout", new Dictionary<string, TensorLayout> { ["nhwc"] = TensorLayout.Nhwc, ["nchw"] = TensorLayout.Nchw }),
            read.Choice("embedder.channel-order", new Dictionary<string, ChannelOrder> { ["rgb"] = ChannelOrder.Rgb, ["bgr"] = ChannelOrder.Bgr }),
            PixelNormalization.Uniform(read.Float("embedder.mean", 0, 255), read.Float("embedder.scale", 1e-6f, 10)),
            read.Int("embedder.dimension", 1, 4096)) { Inference = inference };

        return new VisionSettings(modelsDirectory,
            read.Choice("detector.kind", new Dictionary<string, FaceDetectorKind> { ["mtcnn"] = FaceDetectorKind.Mtcnn, ["blazeface"] = FaceDetectorKind.BlazeFace }),
            mtcnn, blazeFace, persons, embedder, MatcherSettings.From(read, Model, inference));
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
        if (Persons is { } persons && !File.Exists(persons.ModelPath))
            yield return new ConfigurationError("faceactors.persons.model", $"names '{persons.ModelPath}', which does not exist; fix the path, or set it to \"\" to run without person detection");
    }

    /// <summary>These settings, or <see cref="ConfigurationErrors"/> naming every configured model file that is not there.</summary>
    public VisionSettings RequireModelFiles() =>
        MissingModelFiles().ToList() is { Count: > 0 } missing ? throw new ConfigurationErrors(missing) : this;

    /// <summary>The person detector for a model path (from the config or --yolo), with the config's format and thresholds.</summary>
    public YoloOptions PersonsFrom(string modelPath) => (Persons ?? DefaultPersons) with { ModelPath = Path.GetFullPath(modelPath) };

    private static readonly YoloOptions DefaultPersons = YoloOptions.ForYoloX("", 416);

    private static YoloOptions PersonOptions(HoconReader read, string modelPath, InferenceOptions inference)
    {
        var format = read.Choice("persons.format", new Dictionary<string, YoloOutputFormat>
            { ["yolov5"] = YoloOutputFormat.YoloV5, ["yolov8"] = YoloOutputFormat.YoloV8, ["yolox"] = YoloOutputFormat.YoloX });
        var size = read.Int("persons.input-size", 32, 1280);
        var options = format == YoloOutputFormat.YoloX
            ? YoloOptions.ForYoloX(Path.GetFullPath(modelPath), size)
            : YoloOptions.ForUltralytics(Path.GetFullPath(modelPath), format, size);
        return options with
        {
            ScoreThreshold = read.Float("persons.score-threshold", 0, 1),
            NmsIou = read.Float("persons.nms-iou", 0, 1),
            Inference = inference,
        };
    }
}
