using FaceActors.Vision.Geometry;

namespace FaceActors.Pipeline.Tracking;

/// <summary>
/// A track's short-term location memory: where it was last seen and how fast its centre was moving, so its box can
/// be predicted at a later time (constant velocity, up to a horizon). Time-based rather than frame-based, because the
/// gate runs detectors at a stride and the camera drops frames under load.
/// </summary>
/// <param name="smoothing">Weight of the newest velocity measurement, 0..1.</param>
/// <param name="horizon">How far ahead the velocity is extrapolated; past it the prediction stays put, because people
/// stop, and a box sent sailing on for seconds only lands where nobody is.</param>
internal sealed class TrackMotion(Box box, DateTimeOffset at, float smoothing, TimeSpan horizon)
{
    // Pixels per second of the box centre; unknown until the second sighting.
    private float _velocityX, _velocityY;
    private bool _hasVelocity;

    public Box LastBox { get; private set; } = box;
    public DateTimeOffset LastSeenAt { get; private set; } = at;

    /// <summary>The last box moved on by the velocity to <paramref name="at"/> (at most the horizon on); its size is kept.</summary>
    public Box PredictAt(DateTimeOffset at)
    {
        var seconds = (float)Math.Min((at - LastSeenAt).TotalSeconds, horizon.TotalSeconds);
        return Shift(LastBox, _velocityX * seconds, _velocityY * seconds);
    }

    public void Observe(Box box, DateTimeOffset at)
    {
        var seconds = (float)(at - LastSeenAt).TotalSeconds;
        if (seconds > 0)
        {
            var velocityX = (box.CenterX - LastBox.CenterX) / seconds;
            var velocityY = (box.CenterY - LastBox.CenterY) / seconds;
            if (_hasVelocity)
            {
                _velocityX = smoothing * velocityX + (1 - smoothing) * _velocityX;
                _velocityY = smoothing * velocityY + (1 - smoothing) * _velocityY;
            }
            else
            {
                (_velocityX, _velocityY) = (velocityX, velocityY);
                _hasVelocity = true;
            }
        }
        LastBox = box;
        LastSeenAt = at;
    }

    private static Box Shift(Box box, float dx, float dy) => new(box.X1 + dx, box.Y1 + dy, box.X2 + dx, box.Y2 + dy);
}
