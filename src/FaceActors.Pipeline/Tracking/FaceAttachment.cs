using FaceActors.Vision.Geometry;

namespace FaceActors.Pipeline.Tracking;

/// <summary>
/// Which face belongs to which person. A face can only belong to a person whose box holds most of it, with the
/// face's centre in the upper part of the box; among those, the better fit is the face nearer the top and the
/// horizontal centre (where a head is). The assignment is one-to-one, so two faces never claim one person and one
/// face never names two. A face that would fit another person about as well (two people crossing, their boxes on top
/// of each other) names nobody: a wrong name carried for seconds costs more than a face skipped.
/// </summary>
public static class FaceAttachment
{
    /// <summary>Pairs of (face index, person index).</summary>
    public static IReadOnlyList<(int Face, int Person)> Assign(IReadOnlyList<Box> faces, IReadOnlyList<Box> persons, float upperFraction)
    {
        var cost = new float[faces.Count, persons.Count];
        for (var f = 0; f < faces.Count; f++)
            for (var p = 0; p < persons.Count; p++) cost[f, p] = Fit(faces[f], persons[p], upperFraction);
        return HungarianAssignment.Solve(cost, MaxFit)
            .Where(pair => Unambiguous(cost, pair.Row, pair.Column))
            .Select(pair => (Face: pair.Row, Person: pair.Column))
            .ToList();
    }

    // An allowed pair's fit is below 1.5: a face at least half inside the box has its centre within half the width
    // of the box's centre line, and its depth is at most upperFraction <= 1.
    private const float MaxFit = 1.5f;

    // A tenth of the box's width off-centre, or a tenth of its height lower, tells two people's heads apart.
    private const float AmbiguityMargin = 0.1f;

    private static bool Unambiguous(float[,] cost, int face, int person)
    {
        for (var other = 0; other < cost.GetLength(1); other++)
            if (other != person && cost[face, other] < cost[face, person] + AmbiguityMargin) return false;
        return true;
    }

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
