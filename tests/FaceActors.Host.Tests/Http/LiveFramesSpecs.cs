using FaceActors.Host.Http;
using FaceActors.Pipeline.Cameras;
using FaceActors.Pipeline.Tracking;
using FaceActors.Vision.Geometry;
using OpenCvSharp;

namespace FaceActors.Host.Tests.Http;

/// <summary>What the live view costs the pipeline: a camera is drawn only while watched, and not at full rate.</summary>
public sealed class LiveFramesSpecs
{
    private readonly LiveFrames _frames = new([new CameraSettings("door", CameraKind.OpenCv, "clip.avi")]);

    [Fact]
    public async Task A_camera_is_wanted_only_while_someone_watches_it_and_at_most_five_times_a_second()
    {
        Assert.False(_frames.Wants("door"));

        using var leave = new CancellationTokenSource();
        await using var viewer = _frames.Watch("door", leave.Token).GetAsyncEnumerator(leave.Token);
        var first = viewer.MoveNextAsync();
        var wanted = Enumerable.Range(0, 10).Count(_ => _frames.Wants("door"));
        Show();
        Assert.True(await first);
        var jpeg = viewer.Current;
        await leave.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await viewer.MoveNextAsync());

        Assert.Equal(1, wanted);
        Assert.Equal(new byte[] { 0xFF, 0xD8 }, jpeg[..2]); // a JPEG
        Assert.False(_frames.Wants("door"));
        Assert.False(_frames.Wants("garden"));
    }

    private void Show()
    {
        using var frame = new CameraFrame("door", 1, DateTimeOffset.UtcNow, new Mat(120, 160, MatType.CV_8UC3, Scalar.Gray));
        _frames.OnFrameTracked(frame, [new TrackSnapshot(1, new Box(10, 10, 60, 110), Confirmed: true, "obama")], faces: null);
    }
}
