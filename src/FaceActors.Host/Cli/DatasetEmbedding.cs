using FaceActors.Vision;
using System.CommandLine;
using FaceActors.Recognition.Evaluation;
using OpenCvSharp;
using Spectre.Console;
using FaceActors.Node.Components;

namespace FaceActors.Host.Cli;

/// <summary>A folder-per-identity dataset embedded one face per image, and the images that gave none.</summary>
internal sealed record EmbeddedDataset(FolderDataset Dataset, IReadOnlyList<LabelledEmbedding> Samples, IReadOnlyList<string> NoFace, IReadOnlyList<string> Unreadable,
    IReadOnlyDictionary<string, float[]> ByPath)
{
    public int Identities => Dataset.Identities.Count();

    /// <summary>What each readable image gave, in the dataset's order, with its times: what `--save-embeddings` writes.</summary>
    public IReadOnlyList<ImageEmbedding> PerImage { get; init; } = [];

    /// <summary>Evaluates embeddings made elsewhere (another pipeline's, read from its file) as if they were ours.</summary>
    public static EmbeddedDataset Of(FolderDataset dataset, IReadOnlyList<(DatasetImage Image, ImageEmbedding Result)> images, IReadOnlyList<string> unreadable)
    {
        var embedded = images.Where(i => i.Result.Embedding is not null).ToList();
        return new EmbeddedDataset(dataset,
            embedded.Select(i => new LabelledEmbedding(i.Image.Identity, i.Result.Embedding!)).ToList(),
            images.Where(i => i.Result.Embedding is null).Select(i => i.Image.Path).ToList(),
            unreadable,
            embedded.ToDictionary(i => i.Image.Path, i => i.Result.Embedding!))
        {
            PerImage = images.Select(i => i.Result).ToList(),
        };
    }
}

/// <summary>How `eval` and `train` embed a dataset: the product's path (detect, align on the landmarks, embed), with a progress bar.</summary>
internal static class DatasetEmbedding
{
    public static Option<DirectoryInfo> Data() =>
        new("--data") { Description = "A folder-per-identity dataset: DIR/NAME/*.jpg (or .pgm, .png).", Required = true };

    public static Option<int> Border() => new("--border")
    {
        Description = "Pixels of black border added around each image before detection. Cropped datasets such as ORL have faces touching the edge, which the detector's pyramid misses.",
        DefaultValueFactory = _ => 20,
    };

    /// <summary>The dataset's file list, checked before any model is loaded so a wrong folder fails at once.</summary>
    public static FolderDataset Open(string dataPath, int border)
    {
        if (border is < 0 or > 1000) throw new InvalidInputException($"--border must be 0..1000 pixels, got {border}.");
        var dataset = FolderDataset.Open(dataPath);
        if (dataset.Images.Count < 2) throw new InvalidInputException($"The dataset '{dataPath}' has {dataset.Images.Count} image(s); lay it out as DIR/NAME/*.jpg with at least two images.");
        return dataset;
    }

    public static EmbeddedDataset Embed(FolderDataset dataset, int border, VisionComponents vision)
    {
        using var framed = new Mat();
        var read = CommonOptions.ProgressConsole.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
            .Start(context =>
            {
                var bar = context.AddTask($"Embedding {dataset.Images.Count} images", maxValue: dataset.Images.Count);
                return dataset.Read((image, bgr) =>
                {
                    bar.Increment(1);
                    Cv2.CopyMakeBorder(bgr, framed, border, border, border, border, BorderTypes.Constant, Scalar.All(0));
                    var timed = vision.Analyzer.TimeSingleFace(framed, $"'{image.Path}'");
                    return new ImageEmbedding(Path.GetRelativePath(dataset.Root, image.Path), timed.Detection.TotalMilliseconds,
                        timed.Embedding is null ? null : timed.AlignmentAndEmbedding.TotalMilliseconds, timed.Embedding);
                });
            });
        return EmbeddedDataset.Of(dataset, read.Items, read.Unreadable.Select(u => u.Path).ToList());
    }
}
