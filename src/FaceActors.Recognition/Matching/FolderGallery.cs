using FaceActors.Vision;
using FaceActors.Recognition.Evaluation;
using FaceActors.Vision.FaceAnalysis;
using FaceActors.Vision.Inference;

namespace FaceActors.Recognition.Matching;

/// <summary>A photo of a gallery folder that gave no reference, and why.</summary>
public sealed record RejectedPhoto(string Path, string Reason);

/// <summary>
/// A gallery read from a folder per identity (<c>DIR/NAME/*.jpg</c>): each photo's largest face is
/// embedded once. Photos that cannot be read or show no face are listed, not fatal. As a reference source its
/// list never changes, so a matcher packs it once.
/// </summary>
public sealed record FolderGallery(IReadOnlyList<ReferenceEmbedding> References, IReadOnlyList<RejectedPhoto> Rejected) : IReferenceSource
{
    public IEnumerable<string> Identities => References.Select(r => r.Identity).Distinct();

    public static FolderGallery Embed(string directory, FaceAnalyzer analyzer, IProgress<string>? progress = null)
    {
        var dataset = FolderDataset.Open(directory);
        if (dataset.Images.Count == 0)
            throw new InvalidInputException($"The gallery folder '{directory}' holds no images. Lay it out as one folder per person: {directory}/NAME/photo.jpg.");

        var rejected = new List<RejectedPhoto>();
        var read = dataset.Read<ReferenceEmbedding?>((image, bgr) =>
        {
            progress?.Report(image.Path);
            try
            {
                return new ReferenceEmbedding(image.Identity, analyzer.EmbedSingleFace(bgr, $"'{image.Path}'"), image.Path);
            }
            catch (NoFaceFoundException e)
            {
                rejected.Add(new RejectedPhoto(image.Path, e.Message));
                return null;
            }
        });
        rejected.AddRange(read.Unreadable.Select(u => new RejectedPhoto(u.Path, u.Reason)));
        return new FolderGallery(read.Items.Select(i => i.Value).OfType<ReferenceEmbedding>().ToList(), rejected);
    }
}
