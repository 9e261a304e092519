using FaceActors.Vision.Detection;

namespace FaceActors.Pipeline.Gating;

/// <summary>
/// The gate's rules for one camera, without Akka or a clock of its own: each call gets the frame's time and motion,
/// and decides whether YOLO runs (through the callback) and whether face detection runs, and why.
/// <list type="bullet">
/// <item>YOLO runs on the first moving frame after a still one, then every <see cref="GateOptions.YoloStride"/>th
/// moving frame; on a still frame only when <see cref="GateOptions.YoloMaxInterval"/> has passed, or when a pending
/// count change has waited out the cooldown (so it is confirmed or dropped without waiting for motion).</item>
/// <item>Face detection runs on a person count that changed and held for the cooldown (a count seen once never
/// counts), on the tracker's request (at most every <see cref="GateOptions.TrackerRequestMinInterval"/>), and on the
/// refresh interval while someone is there. A frame sent to face detection also gets YOLO, so its faces meet fresh
/// person boxes.</item>
/// <item>Without a person detector, the scene moving again after a still cooldown stands in for a count change,
/// face detection runs every <see cref="GateOptions.MotionSearchInterval"/> while the scene keeps moving, and the
/// refresh runs after motion.</item>
/// <item>With <see cref="GateOptions.EveryFrame"/> every frame gets YOLO and face detection: the ungated baseline.</item>
/// </list>
/// </summary>
public sealed class GatePolicy
{
    private readonly GateOptions _options;

    private DateTimeOffset? _lastYoloAt;
    private int _framesSinceYolo;
    private int _confirmedCount;
    private int? _candidateCount;
    private DateTimeOffset _candidateSince;

    private DateTimeOffset? _lastFaceDetectionAt;
    private bool _movedSinceFaceDetection;
    private bool _wasMoving;
    // When the scene last became still; null while it moves, and before the first frame (so a camera's first moving
    // frame counts as motion after a long stillness).
    private DateTimeOffset? _stillSince;

    public GatePolicy(GateOptions? options = null)
    {
        _options = options ?? GateOptions.Default;
        _options.Validate();
    }

    public GateOptions Options => _options;

    /// <summary>The person count that last held for the cooldown (0 until YOLO has seen someone for that long).</summary>
    public int ConfirmedCount => _confirmedCount;

    /// <summary>Set by the tracker: some confirmed track has no name yet. Honoured at most every <see cref="GateOptions.TrackerRequestMinInterval"/>.</summary>
    public bool IdentificationWanted { get; set; }

    /// <summary>Decides one frame.</summary>
    /// <param name="motion">Fraction of the frame that changed since the previous one (<see cref="MotionDetector.Measure"/>).</param>
    /// <param name="detectPersons">Runs YOLO on this frame; called at most once, only when YOLO is due. Null when no
    /// person detector is configured.</param>
    public GateDecision Decide(long sequence, DateTimeOffset now, float motion, Func<IReadOnlyList<PersonDetection>>? detectPersons)
    {
        var pending = Begin(sequence, now, motion, detectPersons is not null);
        return Complete(pending, pending.RunsPersonDetection ? detectPersons!() : null);
    }

    /// <summary>
    /// The first half of a decision, for a person detector that answers later (an actor): whether it must look at this
    /// frame. The caller runs it when <see cref="PendingDecision.RunsPersonDetection"/> says so, then calls
    /// <see cref="Complete"/> before the next frame.
    /// </summary>
    public PendingDecision Begin(long sequence, DateTimeOffset now, float motion, bool hasPersonDetector)
    {
        var moving = motion >= _options.MotionThreshold;
        if (moving) _movedSinceFaceDetection = true;
        _lastFaceDetectionAt ??= now;
        _framesSinceYolo++;
        var reason = _options.EveryFrame ? GateReason.EveryFrame : ScheduledFaceDetection(now, moving, hasPersonDetector);
        return new PendingDecision(sequence, now, motion, moving, reason, hasPersonDetector && (reason is not null || YoloDue(now, moving)));
    }

    /// <summary>The second half: the decision, given what the person detector saw (null when it did not run).</summary>
    public GateDecision Complete(PendingDecision pending, IReadOnlyList<PersonDetection>? persons)
    {
        var (sequence, now, motion, moving, reason, _) = pending;
        if (persons is not null)
        {
            _lastYoloAt = now;
            _framesSinceYolo = 0;
            if (CountChangeHeld(persons.Count, now)) reason = GateReason.CountChanged;
        }

        if (reason is not null)
        {
            _lastFaceDetectionAt = now;
            _movedSinceFaceDetection = false;
        }
        if (moving) _stillSince = null;
        else _stillSince ??= now;
        _wasMoving = moving;

        return new GateDecision(sequence, reason ?? (moving || persons is not null ? GateReason.Steady : GateReason.NoMotion), persons, motion);
    }

    /// <summary>Face detection owed whatever YOLO sees on this frame, most urgent first.</summary>
    private GateReason? ScheduledFaceDetection(DateTimeOffset now, bool moving, bool hasPersonDetector)
    {
        var sinceFaceDetection = now - _lastFaceDetectionAt!.Value;
        if (!hasPersonDetector && moving && !_wasMoving && (_stillSince is null || now - _stillSince >= _options.Cooldown))
            return GateReason.MotionStarted;
        if (IdentificationWanted && sinceFaceDetection >= _options.TrackerRequestMinInterval)
            return GateReason.TrackerRequest;
        if (!hasPersonDetector && moving && _options.MotionSearchInterval > TimeSpan.Zero && sinceFaceDetection >= _options.MotionSearchInterval)
            return GateReason.MotionSearch;
        var someoneThere = hasPersonDetector ? _confirmedCount > 0 : _movedSinceFaceDetection;
        if (someoneThere && sinceFaceDetection >= _options.RefreshInterval)
            return GateReason.Refresh;
        return null;
    }

    private bool YoloDue(DateTimeOffset now, bool moving)
    {
        if (_lastYoloAt is null || now - _lastYoloAt >= _options.YoloMaxInterval) return true;
        if (_candidateCount is not null && now - _candidateSince >= _options.Cooldown) return true;
        return moving && (!_wasMoving || _framesSinceYolo >= _options.YoloStride);
    }

    /// <summary>
    /// Whether <paramref name="count"/> is a new count that every YOLO pass has seen for the cooldown. A different
    /// count in between starts the wait again, so a one-frame extra box is forgotten at the next pass.
    /// </summary>
    private bool CountChangeHeld(int count, DateTimeOffset now)
    {
        if (count == _confirmedCount)
        {
            _candidateCount = null;
            return false;
        }
        if (_candidateCount != count)
        {
            _candidateCount = count;
            _candidateSince = now;
        }
        if (now - _candidateSince < _options.Cooldown) return false;
        _confirmedCount = count;
        _candidateCount = null;
        return true;
    }
}
