using FaceActors.Pipeline.Actors;
using FaceActors.Pipeline.Streams;
using FaceActors.Recognition.Matching;
using FaceActors.Review.Clustering;
using FaceActors.Vision.Detection;
using FaceActors.Vision.FaceAnalysis;

namespace FaceActors.Review.Library;

/// <summary>One face kept for review: where and when it was seen, its crop (JPEG) and embedding, what the matcher made of it.</summary>
/// <param name="Nearest">The gallery's nearest identity, and <paramref name="Score"/> its similarity (a doubtful name, or who it was closest to).</param>
public sealed record ReviewFace(Guid Id, string Camera, DateTimeOffset At, float[] Embedding, FaceQuality Quality, byte[] Jpeg, string? Nearest, float Score);

/// <summary>A group of faces of one person, as the review shows it.</summary>
/// <param name="Best">Its best faces by quality, at most <see cref="ReviewOptions.BestFaces"/>.</param>
public sealed record FaceGroup(long Id, int Count, DateTimeOffset FirstSeen, DateTimeOffset LastSeen, IReadOnlyList<string> Cameras, IReadOnlyList<ReviewFace> Best);

/// <summary>Told what the review keeps and forgets, to keep a copy (the database, with faceactors.review.store on).</summary>
public interface IReviewJournal
{
    void Kept(ReviewFace face);

    void Forgotten(IReadOnlyCollection<Guid> faces);
}

/// <summary>A named face, kept a while so that its recognition can be corrected ("not this person"); no crop.</summary>
public sealed record NamedFace(string Camera, DateTimeOffset At, string Identity, float[] Embedding, FaceQuality Quality);

/// <summary>
/// The faces the gallery could not name, or named with little confidence, kept in memory for review and grouped by
/// person as they come (<see cref="FaceClusters{T}"/>). Only a face that passes the enrolment gate's size, sharpness and
/// detector thresholds is kept, so any group can be enrolled as it is. Bounded in count and in age; a dismissed or
/// named group is gone at once. Named faces are remembered too, their embeddings only, for as long and as many, so a
/// recognition can be corrected. Every camera offers at once: one lock guards it all, held for microseconds (the JPEG
/// is encoded outside it).
/// </summary>
public sealed class FaceReview(ReviewOptions options, TimeProvider? clock = null) : IFaceReviewSink
{
    private readonly TimeProvider _clock = clock ?? TimeProvider.System;
    private readonly Lock _lock = new();
    private readonly FaceClusters<ReviewFace> _clusters = new(options.ClusterSimilarity);
    private readonly Queue<ReviewFace> _byAge = new();
    private readonly Queue<NamedFace> _named = new();
    private long _offered, _kept;

    public ReviewOptions Options => options;

    /// <summary>Told of every face kept and forgotten from now on; null keeps the review in memory only.</summary>
    public IReviewJournal? Journal { get; set; }

    /// <summary>Faces kept before (read back from the database at start), in the order they were seen; the journal is not told.</summary>
    public void Restore(IEnumerable<ReviewFace> faces)
    {
        lock (_lock)
        {
            foreach (var face in faces)
            {
                _clusters.Add(face.Embedding, face);
                _byAge.Enqueue(face);
            }
            Forget();
        }
    }

    /// <summary>Faces offered (unknown or doubtful) and kept (past the quality gate), since the start.</summary>
    public (long Offered, long Kept) Counts
    {
        get { lock (_lock) return (_offered, _kept); }
    }

    /// <summary>Whether a face the matcher made this of is one to review: unknown, or named below <see cref="ReviewOptions.KeepNamedBelow"/>.</summary>
    public bool Wants(FaceMatch match) => match.Identity is null || match.Score < options.KeepNamedBelow;

    public void Offer(string camera, DateTimeOffset at, FaceDetection detection, EmbeddedFace face, FaceMatch match)
    {
        if (match.Identity is { } identity)
        {
            lock (_lock)
            {
                _named.Enqueue(new NamedFace(camera, at, identity, face.Embedding, face.Quality));
                Forget();
            }
        }
        if (!Wants(match)) return;
        Interlocked.Increment(ref _offered);
        var quality = face.Quality;
        var gate = options.Quality;
        if (face.Crop is null || quality.Size < gate.MinFaceSize || quality.Sharpness < gate.MinSharpness || quality.DetectorScore < gate.MinDetectorScore) return;
        var kept = new ReviewFace(Guid.NewGuid(), camera, at, face.Embedding, quality, face.Crop.ToJpeg(), match.Nearest, match.Score);
        lock (_lock)
        {
            _clusters.Add(kept.Embedding, kept);
            _byAge.Enqueue(kept);
            _kept++;
            Journal?.Kept(kept);
            Forget();
        }
    }

    /// <summary>Every group, the most recently seen first.</summary>
    public IReadOnlyList<FaceGroup> Groups()
    {
        lock (_lock)
        {
            Forget();
            return _clusters.All.Select(Summary).OrderByDescending(g => g.LastSeen).ToList();
        }
    }

    /// <summary>Forgets the faces past the retention now, though none arrives (the retention's sweep).</summary>
    public void ForgetExpired()
    {
        lock (_lock) Forget();
    }

    public FaceGroup? Group(long id)
    {
        lock (_lock) return _clusters.Find(id) is { } cluster ? Summary(cluster) : null;
    }

    public ReviewFace? Face(Guid id)
    {
        lock (_lock) return _byAge.FirstOrDefault(f => f.Id == id);
    }

    /// <summary>
    /// The named faces of a recognition: those <paramref name="identity"/> was given on <paramref name="camera"/> in the
    /// seconds before <paramref name="at"/> (the vote that named the track counted faces up to then), nearest first.
    /// </summary>
    public IReadOnlyList<NamedFace> NamedFaces(string camera, string identity, DateTimeOffset at, TimeSpan before)
    {
        lock (_lock)
        {
            return _named.Where(f => f.Camera == camera && f.Identity == identity && f.At <= at + TimeSpan.FromSeconds(1) && f.At >= at - before)
                .OrderBy(f => (at - f.At).Duration()).ToList();
        }
    }

    public bool Merge(long from, long into)
    {
        lock (_lock) return _clusters.Merge(from, into);
    }

    /// <summary>Forgets a group and its faces: not someone to name.</summary>
    public bool Dismiss(long id)
    {
        lock (_lock)
        {
            if (_clusters.Find(id) is not { } cluster) return false;
            var faces = cluster.Items.Select(f => f.Id).ToHashSet();
            _clusters.Remove(id);
            Drop(faces);
            return true;
        }
    }

    private FaceGroup Summary(FaceClusters<ReviewFace>.Cluster cluster)
    {
        var faces = cluster.Items;
        return new FaceGroup(cluster.Id, faces.Count, faces.Min(f => f.At), faces.Max(f => f.At),
            faces.Select(f => f.Camera).Distinct().Order(StringComparer.Ordinal).ToList(),
            faces.OrderByDescending(f => f.Quality.Score).Take(options.BestFaces).ToList());
    }

    /// <summary>The oldest faces past the count or the age, and any group they leave empty.</summary>
    private void Forget()
    {
        var cutoff = _clock.GetUtcNow() - options.Retention;
        var gone = new HashSet<Guid>();
        while (_byAge.Count > 0 && (_byAge.Count > options.MaxFaces || _byAge.Peek().At < cutoff))
            gone.Add(_byAge.Dequeue().Id);
        if (gone.Count > 0)
        {
            _clusters.RemoveWhere(f => gone.Contains(f.Id));
            Journal?.Forgotten(gone);
        }
        while (_named.Count > 0 && (_named.Count > options.MaxFaces || _named.Peek().At < cutoff)) _named.Dequeue();
    }

    private void Drop(HashSet<Guid> faces)
    {
        Journal?.Forgotten(faces);
        var left = _byAge.Where(f => !faces.Contains(f.Id)).ToList();
        _byAge.Clear();
        foreach (var face in left) _byAge.Enqueue(face);
    }
}
