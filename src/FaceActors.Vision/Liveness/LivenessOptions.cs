using FaceActors.Vision.Inference;

namespace FaceActors.Vision.Liveness;

/// <summary>The two anti-spoofing models `models install` converts from TensorFlow.js.</summary>
public enum LivenessModel
{
    /// <summary>A Kaggle "fake face detection" CNN: 128x128, one sigmoid output, the probability that the face is real.</summary>
    AntiSpoof128,
    /// <summary>LivenessNet: 32x32, a softmax over (live, spoof).</summary>
    LivenessNet32,
}

/// <summary>How faces are scored for liveness, and below which score a face is suspected to be a spoof.</summary>
public sealed record LivenessOptions(string ModelPath, LivenessModel Model, float Threshold)
{
    public InferenceOptions Inference { get; init; } = InferenceOptions.Default;

    internal int InputSize => Model == LivenessModel.AntiSpoof128 ? 128 : 32;

    /// <summary>The installed file of a model.</summary>
    public static string InstalledFile(LivenessModel model) => model == LivenessModel.AntiSpoof128 ? DefaultModels.AntiSpoof : DefaultModels.Liveness;
}

/// <summary>A face's liveness: the model's probability that it is real, and whether that is below the threshold.</summary>
public sealed record LivenessVerdict(float Score, bool SpoofSuspected);
