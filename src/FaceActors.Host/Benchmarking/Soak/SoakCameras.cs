using System.Text.Json;
using FaceActors.Testbed.Cameras;
using FaceActors.Testbed.Processes;
using OpenCvSharp;

namespace FaceActors.Host.Benchmarking.Soak;

/// <summary>One of the soak's cameras as `run` is told about it.</summary>
/// <param name="Kind">The camera kind in faceactors.cameras (ffmpeg, mjpeg, opencv).</param>
public sealed record SoakCamera(string Name, string Kind, string Url);

/// <summary>
/// The soak's eight cameras, each looping the benchmark clip (<see cref="BenchClip"/>): four RTSP cameras (Debian's
/// rtsp-server-perl with an ffmpeg publisher per mount, read by `run`'s ffmpeg cameras), two HTTP Motion-JPEG cameras
/// served from this process, and two files. The faults act on them: a publisher stops and comes back, a JPEG camera
/// sends parts that are not JPEGs.
/// </summary>
internal sealed class SoakCameras : IDisposable
{
    private readonly RtspServer _rtsp;
    private readonly string _h264;
    private readonly Dictionary<string, string> _rtspMounts;
    private readonly Dictionary<string, MjpegCameraServer> _mjpeg;

    private SoakCameras(RtspServer rtsp, string h264, Dictionary<string, string> rtspMounts, Dictionary<string, MjpegCameraServer> mjpeg, IReadOnlyList<SoakCamera> all)
    {
        _rtsp = rtsp;
        _h264 = h264;
        _rtspMounts = rtspMounts;
        _mjpeg = mjpeg;
        All = all;
    }

    public IReadOnlyList<SoakCamera> All { get; }

    public static SoakCameras Start(BenchClip clip, string workFolder)
    {
        var h264 = Path.Combine(workFolder, "clip.mp4");
        // A keyframe every second and no B-frames, so a camera that connects mid-stream decodes within a second.
        var encoded = ChildProcesses.Run("ffmpeg", ["-hide_banner", "-loglevel", "error", "-nostdin", "-y", "-i", clip.Path,
            "-c:v", "libx264", "-pix_fmt", "yuv420p", "-g", $"{clip.Fps:0}", "-bf", "0", h264], TimeSpan.FromMinutes(2));
        if (encoded.Code != 0) throw new InvalidOperationException($"ffmpeg could not encode the soak's RTSP clip: {encoded.Stderr}");

        var cameras = new List<SoakCamera>();
        var rtsp = new RtspServer();
        var mounts = new Dictionary<string, string>();
        var mjpeg = new Dictionary<string, MjpegCameraServer>();
        try
        {
            for (var i = 1; i <= 4; i++)
            {
                var (name, mount) = ($"rtsp-{i}", $"cam{i}");
                rtsp.Publish(h264, mount);
                mounts[name] = mount;
                cameras.Add(new SoakCamera(name, "ffmpeg", rtsp.UrlOf(mount)));
            }
            var jpegs = Jpegs(clip.Path);
            for (var i = 1; i <= 2; i++)
            {
                var server = new MjpegCameraServer(jpegs, clip.Fps);
                mjpeg[$"mjpeg-{i}"] = server;
                cameras.Add(new SoakCamera($"mjpeg-{i}", "mjpeg", server.Url));
            }
            for (var i = 1; i <= 2; i++)
            {
                // Each file camera plays its own copy, as separate cameras would not share a file.
                var copy = Path.Combine(workFolder, $"file-{i}.avi");
                File.Copy(clip.Path, copy, overwrite: true);
                cameras.Add(new SoakCamera($"file-{i}", "opencv", copy));
            }
            return new SoakCameras(rtsp, h264, mounts, mjpeg, cameras);
        }
        catch
        {
            foreach (var server in mjpeg.Values) server.Dispose();
            rtsp.Dispose();
            throw;
        }
    }

    /// <summary>The cameras as a HOCON list for faceactors.cameras.</summary>
    public string Hocon() => "[\n" + string.Join("\n", All.Select(camera =>
    {
        var extra = camera.Kind switch
        {
            "ffmpeg" => ", rtsp-transport = udp", // all rtsp-server-perl serves
            "opencv" => ", loop = on",
            _ => "",
        };
        return $"    {{ name = {camera.Name}, kind = {camera.Kind}, url = {JsonSerializer.Serialize(camera.Url)}{extra} }}";
    })) + "\n  ]";

    /// <summary>The camera's encoder goes away (its publisher is stopped); readers stall.</summary>
    public void StopPublisher(string camera) => _rtsp.StopPublishing(_rtspMounts[camera]);

    public void StartPublisher(string camera) => _rtsp.Publish(_h264, _rtspMounts[camera]);

    /// <summary>While on, every other part the camera sends is not a JPEG.</summary>
    public void Corrupt(string camera, bool on) => _mjpeg[camera].Corrupting = on;

    public void Dispose()
    {
        foreach (var server in _mjpeg.Values) server.Dispose();
        _rtsp.Dispose();
    }

    private static List<byte[]> Jpegs(string clip)
    {
        using var capture = new VideoCapture(clip);
        using var frame = new Mat();
        var jpegs = new List<byte[]>();
        while (capture.Read(frame) && !frame.Empty()) jpegs.Add(frame.ImEncode(".jpg"));
        return jpegs.Count > 0 ? jpegs : throw new InvalidOperationException($"OpenCV read no frame from the soak's clip {clip}.");
    }
}
