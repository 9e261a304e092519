using FaceActors.Pipeline.Tracking;
using FaceActors.Vision.Detection;
using OpenCvSharp;

namespace FaceActors.Host.Vision;

/// <summary>Draws person boxes, face boxes, landmarks and labels onto a copy of a frame.</summary>
public static class Annotator
{
    private static readonly Scalar PersonColour = new(255, 160, 0);
    private static readonly Scalar FaceColour = new(0, 220, 0);
    private static readonly Scalar UnknownColour = new(0, 0, 230);
    private static readonly Scalar LandmarkColour = new(0, 255, 255);

    /// <param name="labels">One label per face (a name or "unknown"), or null to print scores.</param>
    public static Mat Draw(Mat bgr, IReadOnlyList<PersonDetection> persons, IReadOnlyList<FaceDetection> faces, IReadOnlyList<string>? labels = null)
    {
        var canvas = bgr.Clone();
        var thickness = ThicknessFor(bgr);
        foreach (var person in persons)
            Cv2.Rectangle(canvas, ToRect(person.Box), PersonColour, thickness);
        DrawFaces(canvas, faces, labels, thickness);
        return canvas;
    }

    /// <summary>
    /// What the live view shows: each confirmed track's box with the name the tracker carries, and the faces recognised
    /// on this frame (when face detection ran on it) with the matcher's name for each.
    /// </summary>
    public static Mat DrawTracked(Mat bgr, IReadOnlyList<TrackSnapshot> tracks, IReadOnlyList<RecognizedFace>? faces)
    {
        var canvas = bgr.Clone();
        var thickness = ThicknessFor(bgr);
        foreach (var track in tracks.Where(t => t.Confirmed))
        {
            Cv2.Rectangle(canvas, ToRect(track.Box), PersonColour, thickness);
            DrawLabel(canvas, track.Identity ?? $"#{track.TrackId}", track.Box, PersonColour, thickness);
        }
        if (faces is not null)
            DrawFaces(canvas, faces.Select(f => f.Detection).ToList(), faces.Select(f => f.Match.Identity ?? "unknown").ToList(), thickness);
        return canvas;
    }

    private static void DrawFaces(Mat canvas, IReadOnlyList<FaceDetection> faces, IReadOnlyList<string>? labels, int thickness)
    {
        for (var i = 0; i < faces.Count; i++)
        {
            var face = faces[i];
            var label = labels?[i] ?? $"{face.Score:F2}";
            var colour = label == "unknown" ? UnknownColour : FaceColour;
            Cv2.Rectangle(canvas, ToRect(face.Box), colour, thickness);
            foreach (var point in face.Landmarks.Points)
                Cv2.Circle(canvas, new Point(point.X, point.Y), thickness + 1, LandmarkColour, -1);
            DrawLabel(canvas, label, face.Box, colour, thickness);
        }
    }

    /// <summary>A label on a filled band of the box's colour, so that it reads on any background and when the picture is scaled down.</summary>
    private static void DrawLabel(Mat canvas, string label, FaceActors.Vision.Geometry.Box box, Scalar colour, int thickness)
    {
        var scale = 0.4 * thickness + 0.1;
        var size = Cv2.GetTextSize(label, HersheyFonts.HersheySimplex, scale, thickness, out var baseline);
        var origin = new Point((int)box.X1, Math.Max(size.Height + baseline, (int)box.Y1 - 2));
        Cv2.Rectangle(canvas, new Rect(origin.X, origin.Y - size.Height - baseline, size.Width + 2, size.Height + baseline + 2), colour, -1);
        Cv2.PutText(canvas, label, new Point(origin.X + 1, origin.Y - baseline / 2), HersheyFonts.HersheySimplex, scale, Scalar.Black, thickness);
    }

    private static int ThicknessFor(Mat bgr) => Math.Max(1, Math.Min(bgr.Width, bgr.Height) / 300);

    private static Rect ToRect(FaceActors.Vision.Geometry.Box box) =>
        new((int)box.X1, (int)box.Y1, (int)Math.Round(box.Width), (int)Math.Round(box.Height));
}
