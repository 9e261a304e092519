namespace FaceActors.Review.Clustering;

/// <summary>
/// How well groups match people, over faces whose person is known. Purity: the share of faces that are in a group
/// whose majority is their own person (a group mixing two people lowers it: naming it would enrol the wrong faces).
/// Completeness: the share of faces that are in their person's largest group (one person split over several groups
/// lowers it: the user names them more than once). <see cref="F"/> is their harmonic mean.
/// </summary>
public sealed record ClusteringScore(int Faces, int People, int Groups, double Purity, double Completeness)
{
    public double F => Purity + Completeness == 0 ? 0 : 2 * Purity * Completeness / (Purity + Completeness);

    /// <param name="people">Each face's true person.</param>
    /// <param name="groups">Each face's group, in the same order.</param>
    public static ClusteringScore Of(IReadOnlyList<string> people, IReadOnlyList<long> groups)
    {
        if (people.Count != groups.Count) throw new ArgumentException($"{people.Count} people for {groups.Count} groups.", nameof(groups));
        if (people.Count == 0) return new ClusteringScore(0, 0, 0, 0, 0);
        var pairs = people.Zip(groups, (person, group) => (Person: person, Group: group)).ToList();
        var pure = pairs.GroupBy(p => p.Group).Sum(group => group.GroupBy(p => p.Person).Max(person => person.Count()));
        var complete = pairs.GroupBy(p => p.Person).Sum(person => person.GroupBy(p => p.Group).Max(group => group.Count()));
        return new ClusteringScore(people.Count, people.Distinct().Count(), groups.Distinct().Count(), (double)pure / people.Count, (double)complete / people.Count);
    }

    /// <summary>Groups <paramref name="faces"/> in the given order at <paramref name="similarity"/>, as the review would as they arrive.</summary>
    public static ClusteringScore OfOnline(IReadOnlyList<(string Person, float[] Embedding)> faces, float similarity)
    {
        var clusters = new FaceClusters<int>(similarity);
        var groups = faces.Select((face, i) => clusters.Add(face.Embedding, i).Id).ToList();
        // A face stays in the group it joined (merges aside), so the assignment as it arrived is the final one.
        return Of(faces.Select(f => f.Person).ToList(), groups);
    }
}
