using FaceActors.Vision.Inference;

namespace FaceActors.Vision.BlazeFace;

/// <summary>MediaPipe's two BlazeFace models.</summary>
public enum BlazeFaceModel
{
    /// <summary>128x128, for faces near the camera (selfie range); misses small faces.</summary>
    Front128,
    /// <summary>256x256, for faces further away; about four times the cost.</summary>
    Back256,
    /// <summary>MediaPipe's full-range model, 192x192 over a 48x48 grid: faces far from the camera.</summary>
    FullRange192,
}

/// <summary>BlazeFace settings. The thresholds are MediaPipe's, except a stricter score (0.75 rather than 0.5) to keep false faces out of the gallery.</summary>
public sealed record BlazeFaceOptions
{
    public BlazeFaceModel Model { get; init; } = BlazeFaceModel.Front128;

    /// <summary>Minimum face probability, in (0, 1).</summary>
    public float ScoreThreshold { get; init; } = 0.75f;

    /// <summary>IoU above which detections are merged by score-weighted averaging.</summary>
    public float NmsThreshold { get; init; } = 0.3f;

    /// <summary>The ONNX file; when null, the installed file for <see cref="Model"/>.</summary>
    public string? ModelPath { get; init; }

    public InferenceOptions Inference { get; init; } = InferenceOptions.Default;

    internal int InputSize => Model switch { BlazeFaceModel.Front128 => 128, BlazeFaceModel.Back256 => 256, _ => 192 };

    /// <summary>The installed file of a model.</summary>
    public static string InstalledFile(BlazeFaceModel model) => model switch
    {
        BlazeFaceModel.Front128 => DefaultModels.BlazeFaceFront,
        BlazeFaceModel.Back256 => DefaultModels.BlazeFaceBack,
        _ => DefaultModels.BlazeFaceFullRange,
    };

    internal string ResolvedModelPath => ModelPath ?? Path.Combine(DefaultModels.ResolveDirectory(), InstalledFile(Model));

    internal void Validate()
    {
        if (ScoreThreshold is <= 0 or >= 1)
            throw new ArgumentOutOfRangeException(nameof(ScoreThreshold), ScoreThreshold, "The score threshold must be between 0 and 1 (0.75 is usual).");
        if (NmsThreshold is <= 0 or > 1)
            throw new ArgumentOutOfRangeException(nameof(NmsThreshold), NmsThreshold, "The NMS IoU threshold must be in (0, 1] (0.3 is usual).");
    }
}
