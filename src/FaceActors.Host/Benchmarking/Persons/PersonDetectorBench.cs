using System.Diagnostics;
using System.Text.Json.Serialization;
using FaceActors.Host.Cli;
using FaceActors.Pipeline.Scenes;
using FaceActors.Vision.Imaging;
using FaceActors.Vision.Persons;
using OpenCvSharp;

namespace FaceActors.Host.Benchmarking.Persons;

/// <summary>One detector on one set of frames.</summary>
/// <param name="Recall">Persons found over persons there: per frame the smaller of the two counts, summed, over the truth's sum.</param>
/// <param name="Extra">Detections beyond the frame's true count, summed: false alarms a gate would act on.</param>
/// <param name="ExactCounts">Frames whose count equals the truth, over all frames: what the gate's count-change rule sees.</param>
/// <param name="MsPerFrame">Mean wall time of one detection (letterbox, run, decode) on one thread.</param>
public sealed record PersonBenchResult(
    [property: JsonPropertyName("detector")] string Detector,
    [property: JsonPropertyName("set")] string Set,
    [property: JsonPropertyName("frames")] int Frames,
    [property: JsonPropertyName("persons")] int Persons,
    [property: JsonPropertyName("recall")] double Recall,
    [property: JsonPropertyName("extra")] int Extra,
    [property: JsonPropertyName("exact_counts")] double ExactCounts,
    [property: JsonPropertyName("ms_per_frame")] double MsPerFrame);

/// <summary>A frame and how many people a person sees in it.</summary>
internal sealed record CountedFrame(Mat Frame, int Persons);

/// <summary>
/// `bench persons`: each person detector on the same frames with known person counts, for the gate's choice of
/// default. The sets: frames of ../shared/data's Intel clip (people walking up to the camera, seen from behind)
/// counted by hand, the benchmark clip composed from the sample photos (counts by construction), and group photos.
/// </summary>
internal static class PersonDetectorBench
{
    /// <summary>
    /// one-by-one-person-detection.mp4, every 20th frame, counted by eye (2026-12-04): the frame index and the people
    /// in it. Frames where a person is only partly in view at the edge (a foot, the top of a head) are left out, as no
    /// count is right for them: 60, 700, 1200 and 1360.
    /// </summary>
    private static readonly (int Frame, int Persons)[] IntelCounts = Counts(
        "0:0 40:0 80:1 120:1 160:1 200:0 240:1 280:1 320:1 360:1 400:1 440:1 480:0 520:1 560:1 600:1 640:1 680:1 720:0 760:1 " +
        "800:1 840:1 880:0 920:0 960:1 1000:1 1040:1 1080:1 1120:1 1160:1 1240:1 1280:1 1320:1 " +
        "20:0 100:1 140:1 180:1 220:0 260:1 300:1 340:1 380:1 420:1 460:0 500:0 540:1 580:1 620:1 660:1 740:0 780:1 " +
        "820:1 860:1 900:0 940:1 980:1 1020:1 1060:1 1100:1 1140:1 1180:1 1220:0 1260:1 1300:1 1340:1 1380:0");

    /// <summary>
    /// The people in dlib's PASCAL VOC photos and two_people.jpg, counted by eye (2026-12-04). Left out: a restaurant
    /// with staff half hidden behind the bar (2008_002079), a collage of faces (bald_guys) and obama_and_biden, whose
    /// edges cut people off.
    /// </summary>
    private static readonly (string File, int Persons)[] PhotoCounts =
    [
        ("dlib_faces/2007_007763.jpg", 7), ("dlib_faces/2008_001009.jpg", 2), ("dlib_faces/2008_001322.jpg", 3), ("dlib_faces/2008_002470.jpg", 6),
        ("dlib_faces/2008_002506.jpg", 3), ("dlib_faces/2008_004176.jpg", 6), ("dlib_faces/2008_007676.jpg", 7), ("dlib_faces/2009_004587.jpg", 2),
        ("dlib_faces/Tom_Cruise_avp_2014_4.jpg", 1), ("dlib_faces/dogs.jpg", 0), ("face_recognition_examples/two_people.jpg", 2),
    ];

    public const string IntelClip = "intel_sample_videos/one-by-one-person-detection.mp4";

    public static IReadOnlyList<PersonBenchResult> Run(IReadOnlyList<(string Name, PersonDetectorOptions Options)> detectors, string sharedData,
        string samplesFolder, Action<string> progress)
    {
        var sets = new List<(string Name, List<CountedFrame> Frames)>
        {
            ("Intel clip (from behind)", IntelFrames(Path.Combine(sharedData, IntelClip))),
            ("composed clip", ComposedFrames(samplesFolder)),
            ("photos (groups of up to 7)", PhotoCounts.Select(p => new CountedFrame(ImageLoader.Load(Path.Combine(sharedData, p.File)), p.Persons)).ToList()),
        };
        try
        {
            var results = new List<PersonBenchResult>();
            foreach (var (name, options) in detectors)
            {
                progress($"Measuring {name}");
                using var detector = new PersonDetector(options);
                // The first runs plan the session and the letterbox; they are not what a camera pays per frame.
                for (var i = 0; i < 3; i++) detector.Detect(sets[0].Frames[0].Frame);
                results.AddRange(sets.Select(set => Measure(detector, name, set.Name, set.Frames)));
            }
            return results;
        }
        finally
        {
            foreach (var frame in sets.SelectMany(s => s.Frames)) frame.Frame.Dispose();
        }
    }

    private static PersonBenchResult Measure(PersonDetector detector, string detectorName, string setName, IReadOnlyList<CountedFrame> frames)
    {
        int found = 0, extra = 0, exact = 0;
        var elapsed = TimeSpan.Zero;
        foreach (var frame in frames)
        {
            var start = Stopwatch.GetTimestamp();
            var count = detector.Detect(frame.Frame).Count;
            elapsed += Stopwatch.GetElapsedTime(start);
            found += Math.Min(count, frame.Persons);
            extra += Math.Max(0, count - frame.Persons);
            if (count == frame.Persons) exact++;
        }
        var persons = frames.Sum(f => f.Persons);
        return new PersonBenchResult(detectorName, setName, frames.Count, persons, persons == 0 ? double.NaN : (double)found / persons, extra,
            (double)exact / frames.Count, elapsed.TotalMilliseconds / frames.Count);
    }

    private static List<CountedFrame> IntelFrames(string path)
    {
        if (!File.Exists(path))
            throw new FileNotFoundException($"The Intel sample clip '{path}' is missing; `bench persons` reads it from ../shared/data (or --shared).", path);
        var wanted = IntelCounts.ToDictionary(c => c.Frame, c => c.Persons);
        var frames = new List<CountedFrame>();
        using var capture = new VideoCapture(path);
        using var frame = new Mat();
        for (var index = 0; capture.Read(frame) && !frame.Empty(); index++)
            if (wanted.TryGetValue(index, out var persons)) frames.Add(new CountedFrame(frame.Clone(), persons));
        return frames.Count == wanted.Count
            ? frames
            : throw new InvalidDataException($"'{path}' gave {frames.Count} of the {wanted.Count} counted frames; it is not the clip the counts were made on.");
    }

    /// <summary>Every third frame of the benchmark clip, with the walkers in view as the count.</summary>
    private static List<CountedFrame> ComposedFrames(string samplesFolder)
    {
        using var photos = SamplesCommand.LoadPhotos(samplesFolder);
        var frames = new List<CountedFrame>();
        SceneRenderer.Render(BenchClip.Compose(photos), (frame, truth) =>
        {
            if (truth.FrameIndex % 3 == 0) frames.Add(new CountedFrame(frame.Clone(), truth.Visible.Count));
        });
        return frames;
    }

    private static (int, int)[] Counts(string text) =>
        text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(pair => pair.Split(':')).Select(p => (int.Parse(p[0]), int.Parse(p[1]))).ToArray();
}
