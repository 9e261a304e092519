using FaceActors.Vision.Imaging;
using FaceActors.Vision.Inference;
using OpenCvSharp;

namespace FaceActors.Recognition.Evaluation;

/// <summary>One image of a folder-per-identity dataset.</summary>
public sealed record DatasetImage(string Identity, string Path);

/// <summary>A file with an image extension that could not be decoded, and why.</summary>
public sealed record UnreadableImage(string Path, string Reason);

/// <summary>What <see cref="FolderDataset.Read{T}"/> made of each readable image, and the files it could not read.</summary>
public sealed record DatasetRead<T>(IReadOnlyList<(DatasetImage Image, T Value)> Items, IReadOnlyList<UnreadableImage> Unreadable);

/// <summary>
/// A dataset laid out as one folder per identity (<c>root/NAME/*.jpg</c>, the ORL and LFW layout). Images
/// are found by extension and decoded one at a time, so a large dataset never sits in memory.
/// </summary>
public sealed class FolderDataset
{
    private static readonly HashSet<string> Extensions = new(StringComparer.OrdinalIgnoreCase) { ".jpg", ".jpeg", ".png", ".bmp", ".pgm", ".webp" };

    private FolderDataset(string root, IReadOnlyList<DatasetImage> images)
    {
        Root = root;
        Images = images;
    }

    public string Root { get; }

    /// <summary>Every image, identities and files in ordinal name order.</summary>
    public IReadOnlyList<DatasetImage> Images { get; }

    public IEnumerable<string> Identities => Images.Select(i => i.Identity).Distinct();

    public static FolderDataset Open(string root)
    {
        if (!Directory.Exists(root)) throw new DirectoryNotFoundException($"The dataset folder '{root}' does not exist.");
        var images = new List<DatasetImage>();
        foreach (var folder in Directory.GetDirectories(root).Order(StringComparer.Ordinal))
            images.AddRange(Directory.GetFiles(folder).Where(f => Extensions.Contains(Path.GetExtension(f))).Order(StringComparer.Ordinal)
                .Select(f => new DatasetImage(Path.GetFileName(folder), f)));
        return new FolderDataset(root, images);
    }

    /// <summary>Whether <paramref name="root"/> exists and holds at least one image in a folder of its own.</summary>
    public static bool HasImages(string root) => Directory.Exists(root) && Open(root).Images.Count > 0;

    /// <summary>Given images under <paramref name="root"/> (those a pairs file names), each once.</summary>
    public static FolderDataset Of(string root, IEnumerable<DatasetImage> images) =>
        new(root, images.DistinctBy(i => i.Path).ToList());

    /// <summary>
    /// Decodes each image to 8-bit BGR (grey images are expanded) and hands it to <paramref name="map"/>,
    /// disposing it afterwards. Files that do not decode are listed as unreadable; errors from
    /// <paramref name="map"/> propagate.
    /// </summary>
    public DatasetRead<T> Read<T>(Func<DatasetImage, Mat, T> map)
    {
        var items = new List<(DatasetImage, T)>();
        var unreadable = new List<UnreadableImage>();
        foreach (var image in Images)
        {
            Mat bgr;
            try
            {
                bgr = ImageLoader.Load(image.Path);
            }
            catch (Exception e) when (e is VisionException or IOException or UnauthorizedAccessException)
            {
                unreadable.Add(new UnreadableImage(image.Path, e.Message));
                continue;
            }
            using (bgr) items.Add((image, map(image, bgr)));
        }
        return new DatasetRead<T>(items, unreadable);
    }
}
