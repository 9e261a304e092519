using System.Diagnostics;
using FaceActors.Host.Vision;
using FaceActors.Pipeline.Cameras;
using FaceActors.Pipeline.Streams;
using FaceActors.Pipeline.Tracking;
using OpenCvSharp;

namespace FaceActors.Host.Http;

/// <summary>
/// Every camera's latest annotated frame as a JPEG, for the live view's MJPEG streams. A camera is drawn and encoded
/// only while someone watches it, and then at most <see cref="MaxFps"/> times a second: drawing and encoding a frame
/// costs a few milliseconds on the stream's thread, which the pipeline should not pay for a picture nobody sees, nor
/// at full rate for a preview. The last frame is dropped when the last viewer leaves.
/// </summary>
public sealed class LiveFrames : ITrackedFrameObserver
{
    public const int MaxFps = 5;

    private static readonly long Interval = Stopwatch.Frequency / MaxFps;
    private static readonly ImageEncodingParam JpegQuality = new(ImwriteFlags.JpegQuality, 80);

    private readonly Dictionary<string, Feed> _feeds;

    public LiveFrames(IEnumerable<CameraSettings> cameras) => _feeds = cameras.ToDictionary(c => c.Name, _ => new Feed());

    public IEnumerable<string> Cameras => _feeds.Keys;

    public bool Knows(string camera) => _feeds.ContainsKey(camera);

    public bool Wants(string cameraId) => _feeds.TryGetValue(cameraId, out var feed) && feed.Due();

    public void OnFrameTracked(CameraFrame frame, IReadOnlyList<TrackSnapshot> tracks, IReadOnlyList<RecognizedFace>? faces)
    {
        if (!_feeds.TryGetValue(frame.CameraId, out var feed)) return;
        using var canvas = Annotator.DrawTracked(frame.Image, tracks, faces);
        feed.Publish(canvas.ImEncode(".jpg", JpegQuality));
    }

    /// <summary>The camera's JPEGs from now on (the latest one first, when there is one), until <paramref name="cancellation"/> fires.</summary>
    public async IAsyncEnumerable<byte[]> Watch(string camera, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellation)
    {
        var feed = _feeds[camera];
        var (latest, next) = feed.Join();
        try
        {
            if (latest is not null) yield return latest;
            while (true)
            {
                var jpeg = await next.WaitAsync(cancellation);
                next = feed.Next();
                yield return jpeg;
            }
        }
        finally
        {
            feed.Leave();
        }
    }

    private sealed class Feed
    {
        private readonly Lock _gate = new();
        private int _viewers;
        private long _dueAt;
        private byte[]? _latest;
        private TaskCompletionSource<byte[]> _next = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public bool Due()
        {
            // Read without the lock: this is asked on every frame of every camera, and a stale answer costs one frame.
            if (Volatile.Read(ref _viewers) == 0) return false;
            var now = Stopwatch.GetTimestamp();
            if (now < Volatile.Read(ref _dueAt)) return false;
            Volatile.Write(ref _dueAt, now + Interval);
            return true;
        }

        public void Publish(byte[] jpeg)
        {
            TaskCompletionSource<byte[]> published;
            lock (_gate)
            {
                if (_viewers == 0) return;
                _latest = jpeg;
                published = _next;
                _next = new TaskCompletionSource<byte[]>(TaskCreationOptions.RunContinuationsAsynchronously);
            }
            published.SetResult(jpeg);
        }

        public (byte[]? Latest, Task<byte[]> Next) Join()
        {
            lock (_gate)
            {
                _viewers++;
                return (_latest, _next.Task);
            }
        }

        /// <summary>The frame after the latest; a viewer slower than the camera skips the ones in between.</summary>
        public Task<byte[]> Next()
        {
            lock (_gate) return _next.Task;
        }

        public void Leave()
        {
            lock (_gate)
            {
                if (--_viewers == 0) _latest = null;
            }
        }
    }
}
