using FaceActors.Vision;
using System.Numerics.Tensors;

namespace FaceActors.Recognition.Matching;

/// <summary>
/// One list of references packed row by row into one array, so that scoring a face against every reference
/// is a run of contiguous dot products. Built once per list instance (see <see cref="ReferenceMatrixCache"/>).
/// </summary>
public sealed class ReferenceMatrix
{
    private ReferenceMatrix(IReadOnlyList<ReferenceEmbedding> source, string[] identities, float[] rows, int dimension)
    {
        Source = source;
        Identities = identities;
        Rows = rows;
        Dimension = dimension;
    }

    /// <summary>The list this matrix was packed from.</summary>
    public IReadOnlyList<ReferenceEmbedding> Source { get; }

    /// <summary>The identity of each row.</summary>
    public string[] Identities { get; }

    /// <summary>Count x Dimension, row-major.</summary>
    public float[] Rows { get; }

    public int Dimension { get; }

    public int Count => Identities.Length;

    public ReadOnlySpan<float> Row(int index) => Rows.AsSpan(index * Dimension, Dimension);

    /// <exception cref="ArgumentException">The references do not all have the same length.</exception>
    public static ReferenceMatrix Pack(IReadOnlyList<ReferenceEmbedding> references)
    {
        var dimension = references.Count == 0 ? 0 : references[0].Embedding.Length;
        var rows = new float[references.Count * dimension];
        var identities = new string[references.Count];
        for (var i = 0; i < references.Count; i++)
        {
            var reference = references[i];
            if (reference.Embedding.Length != dimension)
                throw new InvalidInputException(
                    $"The gallery mixes embeddings of {dimension} and {reference.Embedding.Length} values ('{reference.Source}'): they come from different embedders. Re-enrol the gallery with the configured embedder.");
            reference.Embedding.CopyTo(rows, i * dimension);
            identities[i] = reference.Identity;
        }
        return new ReferenceMatrix(references, identities, rows, dimension);
    }

    /// <summary>Refuses a face whose embedding cannot be compared with these references.</summary>
    public void RequireDimension(int faceDimension)
    {
        if (Count > 0 && faceDimension != Dimension)
            throw new InvalidInputException(
                $"The gallery's embeddings have {Dimension} values but this face's has {faceDimension}: they come from different embedders. Re-enrol the gallery with the configured embedder.");
    }

    /// <summary>The cosine of the face with every reference (both unit length, so a dot product), into <paramref name="scores"/>.</summary>
    public void Cosines(ReadOnlySpan<float> face, Span<float> scores)
    {
        RequireDimension(face.Length);
        for (var i = 0; i < Count; i++) scores[i] = TensorPrimitives.Dot(Row(i), face);
    }
}

/// <summary>
/// The packed matrix of a source's current list. A source replaces its list on change and never mutates
/// one it handed out, so the matrix is rebuilt only when the list instance changes. Lock-free: two callers
/// seeing a new list at once may both pack it, and either result is right.
/// </summary>
public sealed class ReferenceMatrixCache(IReferenceSource source)
{
    private volatile ReferenceMatrix? _current;

    public ReferenceMatrix Current
    {
        get
        {
            var references = source.References;
            var current = _current;
            if (current is not null && ReferenceEquals(current.Source, references)) return current;
            return _current = ReferenceMatrix.Pack(references);
        }
    }
}
