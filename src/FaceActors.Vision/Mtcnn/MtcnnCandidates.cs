using System.Runtime.InteropServices;
using FaceActors.Vision.Geometry;

namespace FaceActors.Vision.Mtcnn;

/// <summary>Boxes with their scores and the box regression a net predicted for them, carried between stages.</summary>
internal sealed class MtcnnCandidates
{
    private readonly List<float> _offsets = [];

    public List<Box> Boxes { get; } = [];
    public List<float> Scores { get; } = [];
    public int Count => Boxes.Count;

    public void Add(Box box, float score, ReadOnlySpan<float> offsets)
    {
        Boxes.Add(box);
        Scores.Add(score);
        foreach (var o in offsets) _offsets.Add(o);
    }

    public void AddRange(MtcnnCandidates other)
    {
        Boxes.AddRange(other.Boxes);
        Scores.AddRange(other.Scores);
        _offsets.AddRange(other._offsets);
    }

    public ReadOnlySpan<float> Offsets(int index) => CollectionsMarshal.AsSpan(_offsets).Slice(index * 4, 4);

    public Box Regressed(int index) => MtcnnGeometry.Regress(Boxes[index], Offsets(index));

    /// <summary>The candidates that survive greedy NMS, best first.</summary>
    public MtcnnCandidates Suppress(float threshold, OverlapMeasure measure = OverlapMeasure.Union)
    {
        var kept = new MtcnnCandidates();
        foreach (var i in NonMaxSuppression.Apply(Boxes, Scores, threshold, measure)) kept.Add(Boxes[i], Scores[i], Offsets(i));
        return kept;
    }

    /// <summary>Each box moved by its regression and squared up: the input boxes of the next stage.</summary>
    public List<Box> RegressedSquares()
    {
        var result = new List<Box>(Count);
        for (var i = 0; i < Count; i++) result.Add(MtcnnGeometry.Square(Regressed(i)));
        return result;
    }
}
