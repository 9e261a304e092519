using FaceActors.Vision.Detection;
using FaceActors.Vision.Geometry;
using FaceActors.Vision.Imaging;
using FaceActors.Vision.Inference;
using OpenCvSharp;

namespace FaceActors.Vision.Mtcnn;

/// <summary>
/// MTCNN (Zhang et al. 2016): P-Net proposes windows over an image pyramid, R-Net rejects most of them,
/// O-Net places the final box and five landmarks. Buffers are kept between calls, so one instance
/// serves one caller at a time.
/// </summary>
public sealed class MtcnnDetector : IFaceDetector
{
    private const int RNetSize = 24;
    private const int ONetSize = 48;

    private readonly MtcnnOptions _options;
    private readonly OnnxModel[] _models;
    private readonly PNetStage _pnet;
    private readonly RefineStage _rnet;
    private readonly RefineStage _onet;

    public MtcnnDetector(MtcnnOptions? options = null) : this(Validated(options), shared: null)
    {
    }

    /// <param name="shared">Sessions another detector holds too; null loads the models.</param>
    private MtcnnDetector(MtcnnOptions options, OnnxModel[]? shared)
    {
        _options = options;
        var models = shared ?? Load(options);
        try
        {
            _pnet = new PNetStage(models[0], _options);
            _rnet = new RefineStage(models[1], RNetSize, hasLandmarks: false, "MTCNN R-Net");
            _onet = new RefineStage(models[2], ONetSize, hasLandmarks: true, "MTCNN O-Net");
        }
        catch
        {
            foreach (var model in models) model.Dispose();
            throw;
        }
        _models = models;
    }

    private static MtcnnOptions Validated(MtcnnOptions? options)
    {
        var validated = options ?? new MtcnnOptions();
        validated.Validate();
        return validated;
    }

    private static OnnxModel[] Load(MtcnnOptions options)
    {
        var loaded = new List<OnnxModel>();
        try
        {
            loaded.Add(OnnxModel.Load(options.PNetPath, "MTCNN P-Net", options.Inference));
            loaded.Add(OnnxModel.Load(options.RNetPath, "MTCNN R-Net", options.Inference));
            loaded.Add(OnnxModel.Load(options.ONetPath, "MTCNN O-Net", options.Inference));
            return [.. loaded];
        }
        catch
        {
            foreach (var model in loaded) model.Dispose();
            throw;
        }
    }

    public IFaceDetector ShareSessions() => new MtcnnDetector(_options, _models.Select(m => m.Share()).ToArray());

    /// <summary>The frame sizes whose P-Net pyramids are planned now (for tests).</summary>
    internal IEnumerable<Size> PlannedSizes => _pnet.PlannedSizes;

    public IReadOnlyList<FaceDetection> Detect(Mat bgr)
    {
        ImageLoader.RequireBgr(bgr);
        var proposals = _pnet.Propose(bgr);
        if (proposals.Count == 0) return [];

        var rnetBoxes = proposals.RegressedSquares();
        var refined = Confident(_rnet.Run(bgr, rnetBoxes), rnetBoxes, _options.RNetScoreThreshold, out _)
            .Suppress(_options.RNetNms);
        if (refined.Count == 0) return [];

        var onetBoxes = refined.RegressedSquares();
        var outputs = _onet.Run(bgr, onetBoxes);
        var final = Confident(outputs, onetBoxes, _options.ONetScoreThreshold, out var kept);
        var boxes = new List<Box>(final.Count);
        var landmarks = new List<Point2f[]>(final.Count);
        for (var k = 0; k < final.Count; k++)
        {
            boxes.Add(final.Regressed(k));
            // Landmarks are relative to the box O-Net saw, not the regressed one.
            landmarks.Add(Landmarks(onetBoxes[kept[k]], outputs.Landmarks.AsSpan(kept[k] * 10, 10)));
        }
        return NonMaxSuppression.Apply(boxes, final.Scores, _options.ONetNms, OverlapMeasure.Min)
            .Select(i => new FaceDetection(boxes[i], final.Scores[i], new FaceLandmarks(LandmarkScheme.Mtcnn5, landmarks[i])))
            .ToList();
    }

    /// <summary>The boxes a refining net scored at or above the threshold, with its regression.</summary>
    /// <param name="kept">For each kept candidate, its index in <paramref name="boxes"/>.</param>
    private static MtcnnCandidates Confident(RefineOutputs outputs, List<Box> boxes, float threshold, out List<int> kept)
    {
        var result = new MtcnnCandidates();
        kept = [];
        for (var i = 0; i < boxes.Count; i++)
        {
            var score = outputs.FaceScore(i);
            if (score < threshold) continue;
            result.Add(boxes[i], score, outputs.Offsets.AsSpan(i * 4, 4));
            kept.Add(i);
        }
        return result;
    }

    /// <summary>O-Net's landmarks are five x then five y, as fractions of the box it was given.</summary>
    private static Point2f[] Landmarks(Box box, ReadOnlySpan<float> relative)
    {
        var points = new Point2f[5];
        for (var p = 0; p < 5; p++)
            points[p] = new Point2f(box.X1 + relative[p] * box.Width, box.Y1 + relative[p + 5] * box.Height);
        return points;
    }

    public void Dispose()
    {
        _pnet.Dispose();
        _rnet.Dispose();
        _onet.Dispose();
        foreach (var model in _models) model.Dispose();
    }
}
