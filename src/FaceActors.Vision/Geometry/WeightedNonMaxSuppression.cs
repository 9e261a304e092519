namespace FaceActors.Vision.Geometry;

/// <summary>
/// MediaPipe's "weighted" non-maximum suppression: instead of dropping the boxes that overlap the best
/// one, it groups them so the caller can average them weighted by score. Averaging several anchors'
/// predictions steadies the box and keypoints from frame to frame.
/// </summary>
public static class WeightedNonMaxSuppression
{
    /// <summary>
    /// Groups of indices, best group first. Each group starts with the best remaining box and holds every
    /// remaining box whose IoU with it exceeds <paramref name="threshold"/>.
    /// </summary>
    public static List<int[]> Group(IReadOnlyList<Box> boxes, IReadOnlyList<float> scores, float threshold)
    {
        var remaining = Enumerable.Range(0, boxes.Count).ToList();
        remaining.Sort((a, b) => scores[b].CompareTo(scores[a]));
        var groups = new List<int[]>();
        while (remaining.Count > 0)
        {
            var best = remaining[0];
            bool InGroup(int i) => i == best || boxes[best].IoU(boxes[i]) > threshold;
            groups.Add(remaining.Where(InGroup).ToArray());
            remaining.RemoveAll(InGroup);
        }
        return groups;
    }
}
