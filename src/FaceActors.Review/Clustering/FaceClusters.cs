namespace FaceActors.Review.Clustering;

/// <summary>
/// Groups embeddings by person as they arrive (leader-follower, online): a face joins the group whose centroid it is
/// most similar to, at or above <see cref="Similarity"/>, else it starts a group of its own. The centroid is the
/// normalised mean of the group's faces, so a group follows its person as their faces come from other angles, and
/// no number of groups is fixed in advance. Not thread-safe; time is the caller's.
/// </summary>
/// <typeparam name="T">What is kept per face beside its embedding.</typeparam>
public sealed class FaceClusters<T>(float similarity)
{
    private readonly List<Cluster> _clusters = [];
    private long _nextId = 1;

    public sealed class Cluster(long id, int dimensions)
    {
        internal readonly float[] Sum = new float[dimensions];
        internal readonly List<(float[] Embedding, T Item)> Members = [];

        public long Id { get; } = id;
        public IReadOnlyList<T> Items => Members.Select(m => m.Item).ToList();
        public int Count => Members.Count;

        /// <summary>Cosine similarity of a unit-length embedding to the group's centroid.</summary>
        internal float SimilarityTo(float[] embedding)
        {
            double dot = 0, norm = 0;
            for (var i = 0; i < Sum.Length; i++)
            {
                dot += Sum[i] * embedding[i];
                norm += Sum[i] * Sum[i];
            }
            return norm == 0 ? -1 : (float)(dot / Math.Sqrt(norm));
        }

        internal void Add(float[] embedding, T item)
        {
            for (var i = 0; i < Sum.Length; i++) Sum[i] += embedding[i];
            Members.Add((embedding, item));
        }

        internal void RemoveWhere(Func<T, bool> gone)
        {
            foreach (var (embedding, _) in Members.Where(m => gone(m.Item)))
                for (var i = 0; i < Sum.Length; i++) Sum[i] -= embedding[i];
            Members.RemoveAll(m => gone(m.Item));
        }
    }

    public IReadOnlyList<Cluster> All => _clusters;

    /// <summary>Puts a unit-length embedding in its group; returns the group.</summary>
    public Cluster Add(float[] embedding, T item)
    {
        Cluster? best = null;
        var bestSimilarity = float.NegativeInfinity;
        foreach (var cluster in _clusters)
        {
            var s = cluster.SimilarityTo(embedding);
            if (s > bestSimilarity) (best, bestSimilarity) = (cluster, s);
        }
        if (best is null || bestSimilarity < similarity)
        {
            best = new Cluster(_nextId++, embedding.Length);
            _clusters.Add(best);
        }
        best.Add(embedding, item);
        return best;
    }

    public Cluster? Find(long id) => _clusters.Find(c => c.Id == id);

    /// <summary>Moves every face of <paramref name="from"/> into <paramref name="into"/>: the same person, says a user.</summary>
    public bool Merge(long from, long into)
    {
        if (from == into || Find(from) is not { } source || Find(into) is not { } target) return false;
        foreach (var (embedding, item) in source.Members) target.Add(embedding, item);
        _clusters.Remove(source);
        return true;
    }

    public bool Remove(long id) => _clusters.RemoveAll(c => c.Id == id) > 0;

    /// <summary>Forgets the faces that match (too old, or past the store's bound); groups left empty go.</summary>
    public void RemoveWhere(Func<T, bool> gone)
    {
        foreach (var cluster in _clusters) cluster.RemoveWhere(gone);
        _clusters.RemoveAll(c => c.Count == 0);
    }
}
