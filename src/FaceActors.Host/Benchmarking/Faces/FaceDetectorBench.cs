using System.Diagnostics;
using System.Text.Json.Serialization;
using System.Xml.Linq;
using FaceActors.Host.Cli;
using FaceActors.Vision.Detection;
using FaceActors.Vision.Geometry;
using FaceActors.Vision.Imaging;
using OpenCvSharp;

namespace FaceActors.Host.Benchmarking.Faces;

/// <summary>One face detector on one set of images with known face boxes.</summary>
/// <param name="Recall">Faces matched by a detection at IoU ≥ 0.5 (each detection matches one face, best score first), over the faces.</param>
/// <param name="CentreRecall">Faces matched by a detection whose centre is inside the face's box and whose width is within a factor of
/// two of it: recall without the detectors' differing box conventions (dlib's boxes are tight squares, BlazeFace's reach the forehead).</param>
/// <param name="FalsePositives">Detections that matched no face by the lenient rule.</param>
/// <param name="MsPerImage">Mean wall time of one detection call on one thread.</param>
public sealed record FaceBenchResult(
    [property: JsonPropertyName("detector")] string Detector,
    [property: JsonPropertyName("set")] string Set,
    [property: JsonPropertyName("images")] int Images,
    [property: JsonPropertyName("faces")] int Faces,
    [property: JsonPropertyName("recall_iou_0_5")] double Recall,
    [property: JsonPropertyName("recall_centre")] double CentreRecall,
    [property: JsonPropertyName("false_positives")] int FalsePositives,
    [property: JsonPropertyName("ms_per_image")] double MsPerImage);

/// <summary>An image and the face boxes in it.</summary>
internal sealed record BoxedImage(Mat Image, IReadOnlyList<Box> Faces);

/// <summary>
/// `bench faces`: face detectors on faces of known boxes, for the choice of the default and for far cameras. The
/// sets: dlib's PASCAL VOC photos (43 faces, 37-109 px wide, several per photo, boxes from dlib's own files), and
/// frames composed from face_recognition's portraits scaled so the faces are 24 to 48 px wide, the size a camera far
/// from the door sees. The composed faces' boxes are the reference MTCNN's on the full-size portrait, scaled.
/// </summary>
internal static class FaceDetectorBench
{
    private static readonly int[] SmallFaceWidths = [24, 32, 40, 48];

    public static IReadOnlyList<FaceBenchResult> Run(IReadOnlyList<(string Name, Func<IFaceDetector> Create)> detectors, IFaceDetector portraitFaces,
        string sharedData, string samplesFolder, Action<string> progress)
    {
        var sets = new List<(string Name, List<BoxedImage> Images)>
        {
            ("dlib photos (37-109 px)", DlibImages(Path.Combine(sharedData, "dlib_faces"))),
            ("composed, 24-48 px faces", SmallFaceFrames(Path.Combine(sharedData, "face_recognition_examples", "knn_examples", "train"), samplesFolder, portraitFaces)),
        };
        try
        {
            var results = new List<FaceBenchResult>();
            foreach (var (name, create) in detectors)
            {
                progress($"Measuring {name}");
                using var detector = create();
                for (var i = 0; i < 3; i++) detector.Detect(sets[0].Images[0].Image);
                results.AddRange(sets.Select(set => Measure(detector, name, set.Name, set.Images)));
            }
            return results;
        }
        finally
        {
            foreach (var image in sets.SelectMany(s => s.Images)) image.Image.Dispose();
        }
    }

    private static FaceBenchResult Measure(IFaceDetector detector, string detectorName, string setName, IReadOnlyList<BoxedImage> images)
    {
        int strict = 0, lenient = 0, falsePositives = 0;
        var elapsed = TimeSpan.Zero;
        foreach (var image in images)
        {
            var start = Stopwatch.GetTimestamp();
            var found = detector.Detect(image.Image).OrderByDescending(f => f.Score).Select(f => f.Box).ToList();
            elapsed += Stopwatch.GetElapsedTime(start);
            strict += Match(found, image.Faces, (d, f) => d.IoU(f) >= 0.5f).Matched;
            var (matched, unmatched) = Match(found, image.Faces, CentredAndSized);
            lenient += matched;
            falsePositives += unmatched;
        }
        var faces = images.Sum(i => i.Faces.Count);
        return new FaceBenchResult(detectorName, setName, images.Count, faces, (double)strict / faces, (double)lenient / faces, falsePositives,
            elapsed.TotalMilliseconds / images.Count);
    }

    /// <summary>Greedy one-to-one matching, detections in score order, each to the first free face it fits.</summary>
    private static (int Matched, int Unmatched) Match(IReadOnlyList<Box> detections, IReadOnlyList<Box> faces, Func<Box, Box, bool> fits)
    {
        var taken = new bool[faces.Count];
        var matched = 0;
        foreach (var detection in detections)
        {
            var face = Enumerable.Range(0, faces.Count).FirstOrDefault(i => !taken[i] && fits(detection, faces[i]), -1);
            if (face < 0) continue;
            taken[face] = true;
            matched++;
        }
        return (matched, detections.Count - matched);
    }

    private static bool CentredAndSized(Box detection, Box face) =>
        detection.CenterX >= face.X1 && detection.CenterX <= face.X2 && detection.CenterY >= face.Y1 && detection.CenterY <= face.Y2
        && detection.Width >= face.Width / 2 && detection.Width <= face.Width * 2;

    /// <summary>dlib's imglab files: every image's boxes (top, left, width, height).</summary>
    private static List<BoxedImage> DlibImages(string folder)
    {
        var images = new List<BoxedImage>();
        foreach (var file in new[] { "training.xml", "testing.xml" })
        {
            var path = Path.Combine(folder, file);
            if (!File.Exists(path)) throw new FileNotFoundException($"dlib's face boxes '{path}' are missing; `bench faces` reads them from ../shared/data (or --shared).", path);
            foreach (var image in XDocument.Load(path).Descendants("image"))
            {
                var boxes = image.Elements("box").Select(b =>
                {
                    var (top, left) = ((float)b.Attribute("top")!, (float)b.Attribute("left")!);
                    return new Box(left, top, left + (float)b.Attribute("width")!, top + (float)b.Attribute("height")!);
                }).ToList();
                images.Add(new BoxedImage(ImageLoader.Load(Path.Combine(folder, (string)image.Attribute("file")!)), boxes));
            }
        }
        return images;
    }

    /// <summary>
    /// Five frames over the sample background, each with four portraits scaled so their faces are 24, 32, 40 and
    /// 48 px wide, the people rotating between sizes from frame to frame.
    /// </summary>
    private static List<BoxedImage> SmallFaceFrames(string portraitsFolder, string samplesFolder, IFaceDetector portraitFaces)
    {
        var portraits = Directory.GetDirectories(portraitsFolder).Order(StringComparer.Ordinal)
            .Select(person => Directory.GetFiles(person).Order(StringComparer.Ordinal).First())
            .Select(file =>
            {
                var image = ImageLoader.Load(file);
                var face = portraitFaces.Detect(image).MaxBy(f => f.Box.Area)
                    ?? throw new InvalidDataException($"The reference detector finds no face in the portrait '{file}'.");
                return (Image: image, Face: face.Box);
            }).ToList();
        using var photos = SamplesCommand.LoadPhotos(samplesFolder);
        try
        {
            var frames = new List<BoxedImage>();
            for (var frame = 0; frame < portraits.Count; frame++)
            {
                var canvas = photos.Background.Clone();
                var faces = new List<Box>();
                for (var slot = 0; slot < SmallFaceWidths.Length; slot++)
                {
                    var (image, face) = portraits[(frame + slot) % portraits.Count];
                    var scale = SmallFaceWidths[slot] / face.Width;
                    using var scaled = image.Resize(new Size(Math.Max(1, (int)(image.Width * scale)), Math.Max(1, (int)(image.Height * scale))),
                        interpolation: InterpolationFlags.Area);
                    // Four columns across the 640 px frame, each portrait's face at the column's centre, a third of the way down.
                    var (faceX, faceY) = (160 * slot + 80, 160);
                    var (x, y) = (faceX - (int)(face.CenterX * scale), faceY - (int)(face.CenterY * scale));
                    var target = new Rect(x, y, scaled.Width, scaled.Height).Intersect(new Rect(160 * slot, 0, 160, canvas.Height));
                    using (var destination = canvas[target])
                    using (var source = scaled[new Rect(target.X - x, target.Y - y, target.Width, target.Height)])
                        source.CopyTo(destination);
                    faces.Add(new Box(x + face.X1 * scale, y + face.Y1 * scale, x + face.X2 * scale, y + face.Y2 * scale));
                }
                frames.Add(new BoxedImage(canvas, faces));
            }
            return frames;
        }
        finally
        {
            foreach (var portrait in portraits) portrait.Image.Dispose();
        }
    }
}
