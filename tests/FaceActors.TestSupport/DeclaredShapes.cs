using FaceActors.Vision.Inference;

namespace FaceActors.TestSupport;

/// <summary>
/// Test and benchmark only: copies of ONNX models with other declared input/output dimensions
/// (<see cref="ModelDeclarations"/>), to exercise the model variants users bring without shipping more model files.
/// </summary>
public static class DeclaredShapes
{
    /// <summary>
    /// The shared YOLOX-Nano export fixes H and W at 416, but its graph reshapes from tensor shapes and
    /// upsamples by scale, so with symbolic H and W it runs at any multiple of 32: a stand-in for a dynamic-size export.
    /// </summary>
    public static string WithSymbolicHeightAndWidth(string yoloModelPath) =>
        Rewrite(yoloModelPath, "symbolic-hw", new() { [2] = "height", [3] = "width" }, new() { [1] = "candidates" });

    /// <summary>An embedder whose batch is fixed, like the original TFLite MobileFaceNet (batch 2).</summary>
    public static string WithFixedBatch(string embedderModelPath, long batch) =>
        Rewrite(embedderModelPath, $"batch{batch}", new() { [0] = batch }, new() { [0] = batch });

    private static string Rewrite(string modelPath, string tag, Dictionary<int, object> input, Dictionary<int, object> output)
    {
        var path = Path.Combine(Path.GetTempPath(), $"faceactors-{tag}-{Path.GetFileNameWithoutExtension(modelPath)}-{new FileInfo(modelPath).Length}.onnx");
        if (File.Exists(path)) return path;
        var temporary = path + ".tmp";
        File.WriteAllBytes(temporary, ModelDeclarations.Redeclare(File.ReadAllBytes(modelPath), input, output));
        File.Move(temporary, path, overwrite: true);
        return path;
    }
}
