using FaceActors.Vision.Inference;

namespace FaceActors.Vision.Mtcnn;

/// <summary>
/// MTCNN settings. The defaults are the published ones (Zhang et al. 2016) except the minimum face
/// size, which is 40 px because faces smaller than that embed poorly anyway and each halving of the
/// minimum adds two pyramid levels.
/// </summary>
public sealed record MtcnnOptions
{
    /// <summary>
    /// Smallest face side to find, in source pixels (at least 12, P-Net's window). It sets the pyramid's
    /// first scale, so it bounds the cost; a face a little smaller can still be found.
    /// </summary>
    public int MinFaceSize { get; init; } = 40;

    /// <summary>Ratio between successive pyramid levels, in (0, 1).</summary>
    public float ScaleFactor { get; init; } = 0.709f;

    public float PNetScoreThreshold { get; init; } = 0.6f;
    public float RNetScoreThreshold { get; init; } = 0.7f;
    public float ONetScoreThreshold { get; init; } = 0.7f;

    /// <summary>IoU above which P-Net windows of one pyramid level are merged.</summary>
    public float PNetLevelNms { get; init; } = 0.5f;

    /// <summary>IoU above which P-Net windows of all levels together are merged.</summary>
    public float PNetMergeNms { get; init; } = 0.7f;

    public float RNetNms { get; init; } = 0.7f;

    /// <summary>Overlap over the smaller box above which O-Net's faces are merged (so a face inside another is dropped).</summary>
    public float ONetNms { get; init; } = 0.7f;

    public string PNetPath { get; init; } = DefaultPath(DefaultModels.PNet);
    public string RNetPath { get; init; } = DefaultPath(DefaultModels.RNet);
    public string ONetPath { get; init; } = DefaultPath(DefaultModels.ONet);

    public InferenceOptions Inference { get; init; } = InferenceOptions.Default;

    internal void Validate()
    {
        if (MinFaceSize < MtcnnGeometry.PNetWindow)
            throw new ArgumentOutOfRangeException(nameof(MinFaceSize), MinFaceSize, $"The minimum face size must be at least {MtcnnGeometry.PNetWindow} px (P-Net's window).");
        if (ScaleFactor is <= 0 or >= 1)
            throw new ArgumentOutOfRangeException(nameof(ScaleFactor), ScaleFactor, "The pyramid scale factor must be between 0 and 1 (0.709 is usual).");
    }

    private static string DefaultPath(string fileName) => Path.Combine(DefaultModels.ResolveDirectory(), fileName);
}
