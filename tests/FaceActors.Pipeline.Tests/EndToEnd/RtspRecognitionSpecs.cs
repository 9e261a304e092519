using System.Diagnostics;
using Akka.Streams.Dsl;
using Akka.Streams.TestKit;
using Akka.Streams;
using Akka.TestKit.Xunit2;
using FaceActors.Pipeline.Cameras;
using FaceActors.Pipeline.Scenes;
using FaceActors.Pipeline.Tests.Cameras;
using FaceActors.Pipeline.Tracking;
using FaceActors.Testbed.Cameras;
using OpenCvSharp;

namespace FaceActors.Pipeline.Tests.EndToEnd;

/// <summary>
/// A person on a real RTSP camera (rtsp-server-perl on loopback, fed by an ffmpeg publisher, read by the ffmpeg
/// camera) is recognised through the whole pipeline: H.264 compression and live pacing included.
/// </summary>
[Collection(RtspServers.Name)]
public sealed class RtspRecognitionSpecs(RecognitionModels models) : TestKit, IClassFixture<RecognitionModels>
{
    [Fact]
    public void A_person_walking_in_front_of_an_rtsp_camera_is_named()
    {
        var materializer = Sys.Materializer();
        var folder = Directory.CreateTempSubdirectory("faceactors-rtsp-");
        try
        {
            this.AssertAllStagesStopped(() =>
            {
                using var server = new RtspServer();
                server.Publish(PublishableClip(folder.FullName));
                var camera = new CameraSettings("door", CameraKind.Ffmpeg, server.Url)
                {
                    RtspTransport = RtspTransport.Udp, // all rtsp-server-perl serves
                    Backoff = new CameraBackoff(TimeSpan.FromMilliseconds(300), TimeSpan.FromSeconds(2), 0),
                };
                var counters = new CameraCounters();
                var faceDetections = 0;
                using var pipeline = new RealPipeline(Sys, models, camera.Name, (_, decision) => { if (decision.RunFaceDetection) faceDetections++; });

                var named = CameraSource.Create(camera, new ActorCameraStateObserver(TestActor), counters, FramePool.For(camera))
                    .Via(pipeline.Flow)
                    .Collect(e => e is IdentityAssigned, e => (IdentityAssigned)e)
                    .RunWith(Sink.First<IdentityAssigned>(), materializer);

                Assert.True(named.Wait(TimeSpan.FromMinutes(2)),
                    $"Nobody was named: the camera delivered {counters.FramesCaptured} frames and {faceDetections} went to face detection.");
                Assert.Equal(("door", "alex_lacamoire"), (named.Result.CameraId, named.Result.Identity));
                server.StopPublishing();
            }, materializer);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    /// <summary>Alex walks in and stands, composed as Motion-JPEG, then encoded to H.264 (what the publisher streams).</summary>
    private static string PublishableClip(string folder)
    {
        using var background = new Mat(480, 640, MatType.CV_8UC3, new Scalar(110, 120, 115));
        using var alex = RealPipeline.Walker("alex_lacamoire1.jpg", 190);
        var scene = new Scene(background, Fps: 15, DurationSeconds: 6,
            [new Walker("alex_lacamoire", alex, [new Keyframe(0, 120, 250), new Keyframe(2, 320, 250), new Keyframe(6, 320, 250)])]);
        var composed = Path.Combine(folder, "composed.avi");
        SceneRenderer.WriteVideo(scene, composed);
        var h264 = Path.Combine(folder, "walk.mp4");
        using var ffmpeg = Process.Start(new ProcessStartInfo("ffmpeg",
            ["-hide_banner", "-loglevel", "error", "-nostdin", "-y", "-i", composed, "-c:v", "libx264", "-pix_fmt", "yuv420p", "-g", "15", h264])
        { RedirectStandardError = true })!;
        var error = ffmpeg.StandardError.ReadToEnd();
        ffmpeg.WaitForExit();
        Assert.True(ffmpeg.ExitCode == 0, $"ffmpeg could not encode the clip: {error}");
        return h264;
    }
}
