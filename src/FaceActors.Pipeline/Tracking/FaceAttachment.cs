using FaceActors.Vision.Geometry;

namespace FaceActors.Pipeline.Tracking;

/// <summary>
/// Which face belongs to which person. A face can only belong to a person whose box holds most of it, with the
/// face's centre in the upper part of the box; among those, the better fit is the face nearer the top and the
/// horizontal centre (where a head is). The assignment is one-to-one, so two faces never claim one person and one
/// face never names two.
/// </summary>
public static class FaceAttachment
{
    /// <summary>Pairs of (face index, person index).</summary>
    public static IReadOnlyList<(int Face, int Person)> Assign(IReadOnlyList<Box> faces, IReadOnlyList<Box> persons, float upperFraction)
    {
        var cost = new float[faces.Count, persons.Count];
        for (var f = 0; f < faces.Count; f++)
            for (var p = 0; p < persons.Count; p++) cost[f, p] = Fit(faces[f], persons[p], upperFraction);
        return HungarianAssignment.Solve(cost, MaxFit);
    }

    // Horizontal offset is at most 0.5 of the width and the height term at most 1 for an allowed pair.
    private const float MaxFit = 1.5f;

    /// <summary>0 for a face centred at the very top of the box; infinite where the face cannot be this person's.</summary>
    private static float Fit(Box face, Box person, float upperFraction)
    {
        if (person.Area <= 0 || face.Area <= 0) return float.PositiveInfinity;
        if (face.IntersectionArea(person) < 0.5f * face.Area) return float.PositiveInfinity;
        var depth = (face.CenterY - person.Y1) / person.Height;
        if (depth > upperFraction) return float.PositiveInfinity;
        var offset = Math.Abs(face.CenterX - person.CenterX) / person.Width;
        return Math.Max(0, depth) + offset;
    }
}
