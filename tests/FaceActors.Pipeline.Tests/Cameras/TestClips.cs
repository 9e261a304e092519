using FaceActors.Testbed.Processes;
using OpenCvSharp;

namespace FaceActors.Pipeline.Tests.Cameras;

/// <summary>Short test-pattern clips made with ffmpeg in a temporary folder: 640x480 at 15 fps for 3 s.</summary>
public sealed class TestClips : IDisposable
{
    public const int Width = 640;
    public const int Height = 480;
    public const int Fps = 15;
    public const int FrameCount = 45;

    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("faceactors-cameras-");

    public TestClips()
    {
        // A keyframe every second so a looped or re-served H.264 stream decodes soon after it starts.
        Make(H264, "-c:v", "libx264", "-pix_fmt", "yuv420p", "-g", "15");
        Make(MjpegAvi, "-c:v", "mjpeg", "-q:v", "5");
    }

    public string H264 => Path.Combine(_folder.FullName, "clip.mp4");

    public string MjpegAvi => Path.Combine(_folder.FullName, "clip.avi");

    public void Dispose() => _folder.Delete(recursive: true);

    private static void Make(string path, params string[] encoding)
    {
        var arguments = new List<string> { "-hide_banner", "-loglevel", "error", "-nostdin", "-y", "-f", "lavfi", "-i", $"testsrc=size={Width}x{Height}:rate={Fps}", "-t", "3" };
        arguments.AddRange(encoding);
        arguments.Add(path);
        var exit = ChildProcesses.Run("ffmpeg", arguments, TimeSpan.FromSeconds(60));
        if (exit.Code != 0) throw new InvalidOperationException($"ffmpeg could not make the test clip {path}: {exit.Stderr}. Install it with `apt-get install ffmpeg`.");
    }

    /// <summary>Ten JPEGs of distinct colours, each showing its number: what the MJPEG test camera serves.</summary>
    public static IReadOnlyList<byte[]> NumberedJpegs() => Enumerable.Range(0, 10).Select(index =>
    {
        using var image = new Mat(Height, Width, MatType.CV_8UC3, new Scalar(index * 20, 128, 255 - index * 20));
        Cv2.PutText(image, index.ToString(), new Point(100, 300), HersheyFonts.HersheySimplex, 8, Scalar.White, 12);
        return image.ImEncode(".jpg");
    }).ToList();
}
