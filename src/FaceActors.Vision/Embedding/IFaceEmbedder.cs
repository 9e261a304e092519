using OpenCvSharp;

namespace FaceActors.Vision.Embedding;

/// <summary>Turns aligned face crops into L2-normalised embeddings, several faces per model call.</summary>
public interface IFaceEmbedder
{
    /// <summary>The aligned face size the model takes; align to it (see <c>FaceAligner</c>).</summary>
    Size InputSize { get; }

    int Dimension { get; }

    /// <summary>One unit-length embedding per face, in order. Faces are 8-bit BGR, ideally already <see cref="InputSize"/>.</summary>
    IReadOnlyList<float[]> Embed(IReadOnlyList<Mat> alignedFaces);
}
