using FaceActors.Vision;
using System.CommandLine;
using FaceActors.Configuration;
using FaceActors.Host.Vision;
using FaceActors.Recognition.Matching;
using FaceActors.Vision.Imaging;
using OpenCvSharp;
using Spectre.Console;
using static FaceActors.Host.Cli.DetectCommand;
using FaceActors.Node.Components;

namespace FaceActors.Host.Cli;

/// <summary>`faceactors identify IMAGE --gallery DIR [--threshold T] [--json] [--out F]`.</summary>
internal static class IdentifyCommand
{
    public sealed record IdentifiedFace(BoxReport Box, float DetectionScore, string Identity, float Similarity, string? Nearest);

    public sealed record GalleryReport(string Folder, int Identities, int References, IReadOnlyList<RejectedPhoto> Rejected);

    public sealed record IdentifyReport(string Image, string Matcher, float Threshold, GalleryReport Gallery, IReadOnlyList<IdentifiedFace> Faces);

    public static Command Build()
    {
        var image = new Argument<FileInfo>("image") { Description = "The photo whose faces to name." };
        var gallery = new Option<DirectoryInfo>("--gallery") { Description = "A folder per identity: DIR/NAME/*.jpg.", Required = true };
        var threshold = new Option<float?>("--threshold") { Description = "Similarity needed to name a face, on the configured matcher's scale: cosine -1..1 (default faceactors.matcher.threshold, calibrated on ORL) or the Siamese head's 0..1 (default: calibrated by `train`)." };
        var output = new Option<FileInfo?>("--out") { Description = "Write a copy of the image with names drawn." };
        var json = CommonOptions.Json();
        var config = CommonOptions.Config();
        var command = new Command("identify", "Name every face in a photo against a folder-per-identity gallery, or say 'unknown'.")
        {
            image, gallery, threshold, output, json, config,
        };
        command.SetAction(result => CommandErrors.Run(() => Run(
            result.GetRequiredValue(image).FullName, result.GetRequiredValue(gallery).FullName, result.GetValue(threshold),
            result.GetValue(output)?.FullName, result.GetValue(json), result.GetValue(config)?.FullName)));
        return command;
    }

    private static int Run(string imagePath, string galleryPath, float? thresholdOverride, string? outputPath, bool json, string? configPath)
    {
        var settings = VisionSettings.Load(configPath);
        using var bgr = ImageLoader.Load(imagePath);
        using var vision = VisionComponents.Create(settings, withEmbedder: true, withMatcher: true);
        vision.MatcherThreshold(thresholdOverride); // a bad --threshold fails before the gallery is embedded

        var gallery = CommonOptions.ProgressConsole.Status().Start($"Embedding the gallery {galleryPath}", status =>
            FolderGallery.Embed(galleryPath, vision.Analyzer, new ImmediateProgress<string>(photo => status.Status($"Embedding {Path.GetFileName(photo)}"))));
        var matcher = vision.Matcher(gallery, thresholdOverride);
        var faces = vision.Analyzer.Analyze(bgr);
        var identified = faces.Select(face =>
        {
            var match = matcher.Match(face.Embedding);
            return new IdentifiedFace(BoxReport.Of(face.Detection.Box), MathF.Round(face.Detection.Score, 3), match.Label, MathF.Round(match.Score, 3), match.Nearest);
        }).ToList();
        var report = new IdentifyReport(imagePath, vision.MatcherName, matcher.Threshold,
            new GalleryReport(galleryPath, gallery.Identities.Count(), gallery.References.Count, gallery.Rejected), identified);

        if (outputPath is not null)
        {
            using var annotated = Annotator.Draw(bgr, [], faces.Select(f => f.Detection).ToList(), identified.Select(f => f.Identity).ToList());
            if (!Cv2.ImWrite(outputPath, annotated))
                throw new InvalidInputException($"Could not write '{outputPath}': use a .jpg or .png name in a folder that exists.");
        }

        if (json) CommonOptions.WriteJson(report);
        else Print(report);
        return 0;
    }

    private static void Print(IdentifyReport report)
    {
        AnsiConsole.MarkupLineInterpolated(
            $"Gallery [bold]{report.Gallery.Folder}[/]: {report.Gallery.Identities} identities, {report.Gallery.References} reference photo(s)");
        foreach (var rejected in report.Gallery.Rejected)
            AnsiConsole.MarkupLineInterpolated($"[yellow]  skipped {rejected.Path}: {rejected.Reason}[/]");
        AnsiConsole.MarkupLineInterpolated($"[bold]{report.Image}[/]: {report.Faces.Count} face(s), {report.Matcher} matcher, threshold {report.Threshold:F3}");
        foreach (var face in report.Faces)
        {
            var colour = face.Identity == "unknown" ? "red" : "green";
            var nearest = face.Identity == "unknown" && face.Nearest is not null ? $" (nearest {face.Nearest})" : "";
            AnsiConsole.MarkupLine($"  [{colour}]{Markup.Escape(face.Identity)}[/] similarity {face.Similarity:F3}{Markup.Escape(nearest)} at " +
                                   Markup.Escape($"{face.Box.X1:F0},{face.Box.Y1:F0} → {face.Box.X2:F0},{face.Box.Y2:F0}"));
        }
    }
}
