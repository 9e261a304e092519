using FaceActors.Vision.Imaging;
using OpenCvSharp;

namespace FaceActors.Pipeline.Gating;

/// <summary>How <see cref="MotionDetector"/> looks at a frame.</summary>
/// <param name="AnalysisWidth">Width of the grey image compared between frames, pixels, 16..640. Small on purpose: cheap, and blind to sensor noise.</param>
/// <param name="AnalysisHeight">Its height, pixels, 12..480.</param>
/// <param name="BlurKernel">Side of the Gaussian blur applied before differencing, pixels, odd, 1..15 (1 = no blur).</param>
/// <param name="PixelThreshold">Grey-level difference (0..255) above which a pixel counts as changed, 1..254.</param>
public sealed record MotionDetectorOptions(
    int AnalysisWidth = 160,
    int AnalysisHeight = 120,
    int BlurKernel = 5,
    int PixelThreshold = 25)
{
    public static MotionDetectorOptions Default { get; } = new();

    public void Validate()
    {
        if (AnalysisWidth is < 16 or > 640) throw new ArgumentException($"AnalysisWidth must be in 16..640 pixels, got {AnalysisWidth}.", nameof(AnalysisWidth));
        if (AnalysisHeight is < 12 or > 480) throw new ArgumentException($"AnalysisHeight must be in 12..480 pixels, got {AnalysisHeight}.", nameof(AnalysisHeight));
        if (BlurKernel is < 1 or > 15 || BlurKernel % 2 == 0) throw new ArgumentException($"BlurKernel must be odd and in 1..15, got {BlurKernel}.", nameof(BlurKernel));
        if (PixelThreshold is < 1 or > 254) throw new ArgumentException($"PixelThreshold must be in 1..254, got {PixelThreshold}.", nameof(PixelThreshold));
    }
}

/// <summary>
/// The gate's first, cheapest look at a frame: the fraction of a small blurred grey copy that changed since the
/// previous frame. It runs on every frame, so every image it needs is allocated once and reused. One camera each;
/// not thread-safe.
/// </summary>
public sealed class MotionDetector : IDisposable
{
    private readonly MotionDetectorOptions _options;
    private readonly Size _analysisSize;
    private readonly Downscaler _downscaler = new();
    private readonly Mat _small = new();
    private readonly Mat _difference = new();
    // Two grey images that swap roles each frame, so the previous frame is kept without a copy.
    private Mat _current = new();
    private Mat _previous = new();
    private bool _hasPrevious;

    public MotionDetector(MotionDetectorOptions? options = null)
    {
        _options = options ?? MotionDetectorOptions.Default;
        _options.Validate();
        _analysisSize = new Size(_options.AnalysisWidth, _options.AnalysisHeight);
    }

    /// <summary>
    /// The fraction (0..1) of the frame that changed since the last call. The first frame has nothing to compare
    /// with and counts as all motion, so a camera's first frame (and the first after <see cref="Reset"/>) is looked at.
    /// </summary>
    public float Measure(Mat bgr)
    {
        ImageLoader.RequireBgr(bgr);
        // Shrinking before the colour conversion converts 40x fewer pixels.
        _downscaler.Resize(bgr, _small, _analysisSize);
        Cv2.CvtColor(_small, _current, ColorConversionCodes.BGR2GRAY);
        if (_options.BlurKernel > 1)
            Cv2.GaussianBlur(_current, _current, new Size(_options.BlurKernel, _options.BlurKernel), 0);

        var fraction = 1f;
        if (_hasPrevious)
        {
            Cv2.Absdiff(_current, _previous, _difference);
            Cv2.Threshold(_difference, _difference, _options.PixelThreshold, 255, ThresholdTypes.Binary);
            fraction = Cv2.CountNonZero(_difference) / (float)(_analysisSize.Width * _analysisSize.Height);
        }
        (_previous, _current) = (_current, _previous);
        _hasPrevious = true;
        return fraction;
    }

    /// <summary>Forgets the previous frame (after a camera restart the next frame is unrelated to the last).</summary>
    public void Reset() => _hasPrevious = false;

    public void Dispose()
    {
        _downscaler.Dispose();
        _small.Dispose();
        _difference.Dispose();
        _current.Dispose();
        _previous.Dispose();
    }
}
