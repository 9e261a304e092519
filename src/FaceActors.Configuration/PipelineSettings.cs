using FaceActors.Vision;
using Akka.Configuration;
using Akka.Configuration.Hocon;
using FaceActors.Pipeline.Cameras;
using FaceActors.Pipeline.Gating;
using FaceActors.Pipeline.Tracking;

namespace FaceActors.Configuration;

/// <summary>What `run` needs beyond the vision settings: the cameras, the gallery, the gate, the tracker and the event output.</summary>
public sealed record PipelineSettings(
    IReadOnlyList<CameraSettings> Cameras,
    string GalleryFolder,
    GateOptions Gate,
    TrackerOptions Tracker,
    string? EventsFile,
    TimeSpan AskTimeout)
{
    /// <param name="cameraOverrides">`--camera NAME=URL` values; when any are given they replace the configured cameras, which are then not read.</param>
    public static PipelineSettings From(Config config, IReadOnlyList<string> cameraOverrides) =>
        WithCameras(config, cameraOverrides.Count > 0 ? cameraOverrides.Select(c => FromCommandLine(c, config)).ToList() : ConfiguredCameras(config));

    /// <summary>Everything from the configuration but the cameras, which are these (the benchmark brings its own).</summary>
    public static PipelineSettings WithCameras(Config config, IReadOnlyList<CameraSettings> cameras)
    {
        var read = new HoconReader(config, "faceactors");
        if (cameras.Count == 0) throw new InvalidInputException("No camera is configured: add one to faceactors.cameras or pass --camera NAME=URL.");
        var duplicate = cameras.GroupBy(c => c.Name).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null) throw new ConfigurationError("faceactors.cameras", $"names the camera '{duplicate.Key}' twice; camera names must be unique");

        var gate = new GateOptions(
            read.Duration("gate.cooldown", TimeSpan.Zero, TimeSpan.FromSeconds(10)),
            read.Duration("gate.refresh-interval", TimeSpan.FromMilliseconds(500), TimeSpan.FromMinutes(10)),
            read.Int("gate.yolo-stride", 1, 30),
            read.Duration("gate.yolo-max-interval", TimeSpan.FromMilliseconds(100), TimeSpan.FromMinutes(10)),
            read.Float("gate.motion-threshold", 0, 1),
            read.Duration("gate.tracker-request-min-interval", TimeSpan.Zero, TimeSpan.FromMinutes(1)),
            read.Duration("gate.motion-search-interval", TimeSpan.Zero, TimeSpan.FromMinutes(1)));
        var tracker = new TrackerOptions(
            read.Float("tracker.match-iou", 0.05f, 0.95f),
            read.Int("tracker.hits-to-confirm", 1, 10),
            read.Duration("tracker.time-to-live", TimeSpan.FromMilliseconds(100), TimeSpan.FromMinutes(1)),
            read.Duration("tracker.prediction-horizon", TimeSpan.Zero, TimeSpan.FromSeconds(5)),
            read.Float("tracker.velocity-smoothing", 0, 1),
            read.Int("tracker.vote-window", 1, 100),
            read.Float("tracker.face-upper-fraction", 0.1f, 1),
            read.Int("tracker.max-identification-attempts", 1, 100));
        var eventsFile = read.String("events.file");
        return new PipelineSettings(cameras, HomeDirectory.Resolve(read.String("gallery.folder")), gate, tracker,
            eventsFile.Length == 0 ? null : HomeDirectory.Resolve(eventsFile),
            read.Duration("inference-pool.ask-timeout", TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(5)));
    }

    /// <summary>camera-defaults.frames-waiting, for cameras made outside the configuration (`--camera`, the benchmark's).</summary>
    public static int DefaultFramesWaiting(Config config) =>
        new HoconReader(config, "faceactors.camera-defaults").Int("frames-waiting", 1, 30);

    private static List<CameraSettings> ConfiguredCameras(Config config)
    {
        var defaults = config.GetConfig("faceactors.camera-defaults");
        var entries = config.HasPath("faceactors.cameras") ? config.GetValue("faceactors.cameras").GetArray() : [];
        return entries.Select((entry, index) =>
            Camera(new HoconReader(new Config(new HoconRoot(entry)).WithFallback(defaults), $"faceactors.cameras[{index}]", standalone: true))).ToList();
    }

    private static CameraSettings Camera(HoconReader read)
    {
        var url = read.String("url");
        var kind = read.Choice("kind", new Dictionary<string, CameraKind> { ["ffmpeg"] = CameraKind.Ffmpeg, ["opencv"] = CameraKind.OpenCv, ["mjpeg"] = CameraKind.Mjpeg });
        var isPath = !url.Contains("://", StringComparison.Ordinal) && !url.StartsWith("/dev/", StringComparison.Ordinal);
        var settings = new CameraSettings(read.String("name"), kind, isPath ? HomeDirectory.Resolve(url) : url)
        {
            Width = read.Int("width", 32, 4096),
            Height = read.Int("height", 32, 4096),
            Fps = read.Float("fps", 1, 120),
            Loop = read.Boolean("loop"),
            RealTime = read.Boolean("real-time"),
            FramesWaiting = read.Int("frames-waiting", 1, 30),
            StallTimeout = read.Duration("stall-timeout", TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(10)),
            Backoff = new CameraBackoff(
                read.Duration("backoff.min", TimeSpan.FromMilliseconds(100), TimeSpan.FromMinutes(10)),
                read.Duration("backoff.max", TimeSpan.FromMilliseconds(100), TimeSpan.FromHours(1)),
                read.Float("backoff.random-factor", 0, 1)),
            RtspTransport = read.Choice("rtsp-transport", new Dictionary<string, RtspTransport> { ["tcp"] = RtspTransport.Tcp, ["udp"] = RtspTransport.Udp }),
        };
        try
        {
            return settings.Validate();
        }
        catch (CameraSettingsException e)
        {
            throw new ConfigurationError(read.Root, e.Message);
        }
    }

    /// <summary>
    /// A camera from `--camera NAME=URL`: a file plays once at its own frame rate (the run ends with it);
    /// anything with a scheme is read by ffmpeg.
    /// </summary>
    private static CameraSettings FromCommandLine(string nameEqualsUrl, Config config)
    {
        var split = nameEqualsUrl.IndexOf('=');
        if (split <= 0 || split == nameEqualsUrl.Length - 1)
            throw new InvalidInputException($"--camera takes NAME=URL (for example door=rtsp://192.0.2.10/stream or clip=video.mp4), not '{nameEqualsUrl}'.");
        var (name, url) = (nameEqualsUrl[..split], nameEqualsUrl[(split + 1)..]);
        var network = url.Contains("://", StringComparison.Ordinal);
        var settings = new CameraSettings(name, network ? CameraKind.Ffmpeg : CameraKind.OpenCv, network ? url : Path.GetFullPath(url))
        {
            FramesWaiting = DefaultFramesWaiting(config),
        };
        try
        {
            return settings.Validate();
        }
        catch (CameraSettingsException e)
        {
            throw new InvalidInputException($"--camera {nameEqualsUrl}: {e.Message}");
        }
    }
}
