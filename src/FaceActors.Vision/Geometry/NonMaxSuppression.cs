namespace FaceActors.Vision.Geometry;

public enum OverlapMeasure
{
    /// <summary>Intersection over union.</summary>
    Union,
    /// <summary>Intersection over the smaller box, which MTCNN uses after O-Net.</summary>
    Min,
}

/// <summary>Greedy non-maximum suppression over scored boxes.</summary>
public static class NonMaxSuppression
{
    /// <summary>
    /// Returns the indices of the boxes kept, best score first. A box is dropped when it overlaps a kept,
    /// better-scoring box by more than <paramref name="threshold"/>.
    /// </summary>
    public static List<int> Apply(IReadOnlyList<Box> boxes, IReadOnlyList<float> scores, float threshold,
        OverlapMeasure measure = OverlapMeasure.Union)
    {
        var order = new int[boxes.Count];
        for (var i = 0; i < order.Length; i++) order[i] = i;
        Array.Sort(order, (a, b) => scores[b].CompareTo(scores[a]));

        var kept = new List<int>();
        var suppressed = new bool[boxes.Count];
        foreach (var i in order)
        {
            if (suppressed[i]) continue;
            kept.Add(i);
            foreach (var j in order)
            {
                if (suppressed[j] || j == i) continue;
                var overlap = measure == OverlapMeasure.Union ? boxes[i].IoU(boxes[j]) : boxes[i].IoMin(boxes[j]);
                if (overlap > threshold) suppressed[j] = true;
            }
        }
        return kept;
    }
}
