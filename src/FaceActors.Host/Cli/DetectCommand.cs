using FaceActors.Vision;
using System.CommandLine;
using FaceActors.Configuration;
using FaceActors.Host.Vision;
using FaceActors.Vision.Detection;
using FaceActors.Vision.Geometry;
using FaceActors.Vision.Imaging;
using OpenCvSharp;
using Spectre.Console;
using FaceActors.Node.Components;

namespace FaceActors.Host.Cli;

/// <summary>`faceactors detect IMAGE [--out annotated.jpg] [--json] [--yolo PATH]`.</summary>
internal static class DetectCommand
{
    public sealed record BoxReport(float X1, float Y1, float X2, float Y2)
    {
        public static BoxReport Of(Box box) => new(MathF.Round(box.X1, 1), MathF.Round(box.Y1, 1), MathF.Round(box.X2, 1), MathF.Round(box.Y2, 1));
    }

    public sealed record PersonReport(BoxReport Box, float Score);

    /// <param name="Person">Index of the person box holding this face, if a person detector ran and one does.</param>
    public sealed record FaceReport(BoxReport Box, float Score, float[][] Landmarks, int? Person);

    public sealed record DetectReport(string Image, int Width, int Height, IReadOnlyList<PersonReport>? Persons, IReadOnlyList<FaceReport> Faces);

    public static Command Build()
    {
        var image = new Argument<FileInfo>("image") { Description = "A photo (JPEG, PNG, BMP, PGM, WebP, TIFF)." };
        var output = new Option<FileInfo?>("--out") { Description = "Write a copy of the image with boxes and landmarks drawn." };
        var yolo = new Option<FileInfo?>("--yolo") { Description = "A YOLO person detector (ONNX) to run as well; its format comes from faceactors.persons." };
        var json = CommonOptions.Json();
        var config = CommonOptions.Config();
        var command = new Command("detect", "Find faces (with landmarks) and, with a YOLO model, persons in a photo.") { image, output, yolo, json, config };
        command.SetAction(result => CommandErrors.Run(() => Run(
            result.GetRequiredValue(image).FullName, result.GetValue(output)?.FullName, result.GetValue(yolo)?.FullName,
            result.GetValue(json), result.GetValue(config)?.FullName)));
        return command;
    }

    private static int Run(string imagePath, string? outputPath, string? yoloPath, bool json, string? configPath)
    {
        var settings = VisionSettings.Load(configPath);
        using var vision = VisionComponents.Create(settings, withEmbedder: false, yoloPath);
        using var bgr = ImageLoader.Load(imagePath);

        var faces = vision.Faces.Detect(bgr);
        var persons = vision.Persons?.Detect(bgr);
        var report = new DetectReport(imagePath, bgr.Width, bgr.Height,
            persons?.Select(p => new PersonReport(BoxReport.Of(p.Box), MathF.Round(p.Score, 3))).ToList(),
            faces.Select(f => new FaceReport(BoxReport.Of(f.Box), MathF.Round(f.Score, 3),
                f.Landmarks.Points.Select(p => new[] { MathF.Round(p.X, 1), MathF.Round(p.Y, 1) }).ToArray(),
                persons is null ? null : PersonHolding(f.Box, persons))).ToList());

        if (outputPath is not null)
        {
            using var annotated = Annotator.Draw(bgr, persons ?? [], faces);
            if (!Cv2.ImWrite(outputPath, annotated))
                throw new InvalidInputException($"Could not write '{outputPath}': use a .jpg or .png name in a folder that exists.");
        }

        if (json) CommonOptions.WriteJson(report);
        else Print(report, outputPath);
        return 0;
    }

    /// <summary>The person box covering most of the face (at least half of it), else none.</summary>
    internal static int? PersonHolding(Box face, IReadOnlyList<PersonDetection> persons)
    {
        var best = Enumerable.Range(0, persons.Count).Select(i => (Index: i, Covered: persons[i].Box.IntersectionArea(face) / Math.Max(face.Area, 1e-6f)))
            .OrderByDescending(c => c.Covered).FirstOrDefault();
        return persons.Count > 0 && best.Covered >= 0.5f ? best.Index : null;
    }

    private static void Print(DetectReport report, string? outputPath)
    {
        var table = new Table().AddColumns("kind", "#", "box (x1,y1 → x2,y2)", "score", "landmarks / person");
        for (var i = 0; i < (report.Persons?.Count ?? 0); i++)
        {
            var person = report.Persons![i];
            table.AddRow("person", $"{i}", Describe(person.Box), $"{person.Score:F3}", "");
        }
        for (var i = 0; i < report.Faces.Count; i++)
        {
            var face = report.Faces[i];
            var points = string.Join(" ", face.Landmarks.Select(p => $"({p[0]:F0},{p[1]:F0})"));
            table.AddRow("face", $"{i}", Describe(face.Box), $"{face.Score:F3}", Markup.Escape(points + (face.Person is { } p ? $"  in person {p}" : "")));
        }
        AnsiConsole.MarkupLineInterpolated($"[bold]{report.Image}[/] ({report.Width}x{report.Height}): {report.Faces.Count} face(s){(report.Persons is null ? "" : $", {report.Persons.Count} person(s)")}");
        if (table.Rows.Count > 0) AnsiConsole.Write(table);
        if (outputPath is not null) AnsiConsole.MarkupLineInterpolated($"Annotated image: {outputPath}");
    }

    private static string Describe(BoxReport box) => $"{box.X1:F0},{box.Y1:F0} → {box.X2:F0},{box.Y2:F0}";
}
