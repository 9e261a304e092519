using FaceActors.Pipeline.Cameras;

namespace FaceActors.Pipeline.Tests.Cameras;

public sealed class FramePoolSpecs
{
    [Fact]
    public void A_frames_pixels_return_to_the_pool_only_when_its_last_holder_lets_go_and_are_reused()
    {
        using var pool = new FramePool(64, 48);
        var frame = pool.Frame("door", 1, DateTimeOffset.UtcNow, pool.Rent());
        var pixels = frame.Image.Data;
        var share = frame.Share();

        frame.Dispose();
        frame.Dispose();
        Assert.Equal(1, pool.Outstanding);
        Assert.Equal(pixels, share.Image.Data);
        Assert.True(share.IsOnlyHolder);
        Assert.Throws<ObjectDisposedException>(() => frame.Image);

        share.Dispose();
        Assert.Equal(0, pool.Outstanding);
        using var next = pool.Frame("door", 2, DateTimeOffset.UtcNow, pool.Rent());
        Assert.Equal(pixels, next.Image.Data);
    }

    [Fact]
    public void A_released_frame_cannot_be_shared_and_a_pool_disposed_frees_what_comes_back()
    {
        var pool = new FramePool(64, 48);
        var frame = pool.Frame("door", 1, DateTimeOffset.UtcNow, pool.Rent());
        var pixels = frame.Image;
        pool.Dispose();

        frame.Dispose();

        Assert.Throws<ObjectDisposedException>(() => frame.Share());
        Assert.True(pixels.IsDisposed);
        Assert.Equal(0, pool.Outstanding);
    }
}
