namespace FaceActors.Vision.Inference;

/// <summary>
/// File names of the models that `faceactors models install` puts into the models folder, and how that
/// folder is found.
/// </summary>
public static class DefaultModels
{
    public const string PNet = "mtcnn_pnet.onnx";
    public const string RNet = "mtcnn_rnet.onnx";
    public const string ONet = "mtcnn_onet.onnx";
    public const string MobileFaceNet = "mobilefacenet.onnx";
    public const string FaceRes = "faceres.onnx";
    public const string MobileFace = "mobileface.onnx";
    public const string HumanMobileFaceNet = "mobilefacenet_human.onnx";
    public const string BlazeFaceFront = "blazeface_front_128.onnx";
    public const string BlazeFaceBack = "blazeface_back_256.onnx";
    public const string BlazeFaceFullRange = "blazeface_full_range.onnx";
    public const string AntiSpoof = "antispoof.onnx";
    public const string Liveness = "liveness.onnx";
    public const string NanoDet = "nanodet.onnx";
    public const string CenterNet = "centernet.onnx";
    public const string BlazePoseDetector = "blazepose_detector.onnx";

    /// <summary>The committed file that pins the model packages; its folder is the models folder.</summary>
    public const string LockFileName = "models.lock.json";

    /// <summary>
    /// The models folder: <c>FACEACTORS_MODELS</c> if set, else the nearest <c>models/</c> above the
    /// program that holds the lock file (the repository's, for a build run from the checkout).
    /// </summary>
    public static string ResolveDirectory()
    {
        var fromEnvironment = Environment.GetEnvironmentVariable("FACEACTORS_MODELS");
        if (!string.IsNullOrWhiteSpace(fromEnvironment)) return Path.GetFullPath(fromEnvironment);
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "models");
            if (File.Exists(Path.Combine(candidate, LockFileName))) return candidate;
        }
        return Path.GetFullPath("models");
    }
}
