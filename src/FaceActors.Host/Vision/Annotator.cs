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
        var thickness = Math.Max(1, Math.Min(bgr.Width, bgr.Height) / 300);
        foreach (var person in persons)
            Cv2.Rectangle(canvas, ToRect(person.Box), PersonColour, thickness);
        for (var i = 0; i < faces.Count; i++)
        {
            var face = faces[i];
            var label = labels?[i] ?? $"{face.Score:F2}";
            var colour = label == "unknown" ? UnknownColour : FaceColour;
            Cv2.Rectangle(canvas, ToRect(face.Box), colour, thickness);
            foreach (var point in face.Landmarks.Points)
                Cv2.Circle(canvas, new Point(point.X, point.Y), thickness + 1, LandmarkColour, -1);
            Cv2.PutText(canvas, label, new Point(face.Box.X1, Math.Max(12, face.Box.Y1 - 4)), HersheyFonts.HersheySimplex,
                0.4 * thickness + 0.1, colour, thickness);
        }
        return canvas;
    }

    private static Rect ToRect(FaceActors.Vision.Geometry.Box box) =>
        new((int)box.X1, (int)box.Y1, (int)Math.Round(box.Width), (int)Math.Round(box.Height));
}
