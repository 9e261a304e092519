using FaceActors.Vision.Geometry;

namespace FaceActors.Pipeline.Tracking;

/// <summary>What the tracker currently believes about one track (for the live view and the API).</summary>
public sealed record TrackSnapshot(long TrackId, Box Box, bool Confirmed, string? Identity);

/// <summary>
/// Follows one camera's people between detections and carries their names, without Akka. Each observation:
/// <list type="number">
/// <item>every track's box is predicted to the frame's time from its last box and velocity (up to
/// <see cref="TrackerOptions.PredictionHorizon"/>);</item>
/// <item>detections (person boxes when YOLO ran; face boxes on a camera that never had person boxes) are assigned to
/// the predicted boxes one-to-one by IoU (Hungarian), so two detections never claim one track and two people who
/// cross keep their tracks; unclaimed detections start tentative tracks; a tentative track the detections missed
/// was noise and goes;</item>
/// <item>faces are attached one-to-one to person tracks (a face in the upper part of the box) and vote on the
/// track's name;</item>
/// <item>a track confirmed after <see cref="TrackerOptions.HitsToConfirm"/> detections is announced, its name changes
/// are announced, and a track unseen for <see cref="TrackerOptions.TimeToLive"/> ends.</item>
/// </list>
/// Events for a track always come in the order TrackStarted, identity events, TrackEnded.
/// </summary>
public sealed class Tracker
{
    private readonly string _cameraId;
    private readonly TrackerOptions _options;
    private List<Track> _tracks = [];
    private long _lastTrackId;
    // Once YOLO has reported on this camera, tracks follow person boxes and faces only name them.
    private bool _tracksPersons;
    // The person detector's last count, stamped on every event so a consumer sees what the gate saw.
    private int? _persons;

    public Tracker(string cameraId, TrackerOptions? options = null)
    {
        _cameraId = cameraId;
        _options = options ?? TrackerOptions.Default;
        _options.Validate();
    }

    public TrackerOptions Options => _options;

    /// <summary>How many tracks are confirmed (announced and not yet ended).</summary>
    public int ConfirmedTracks => _tracks.Count(t => t.Confirmed);

    public IReadOnlyList<TrackSnapshot> Tracks => _tracks.Select(t => new TrackSnapshot(t.Id, t.Box, t.Confirmed, t.Identity)).ToList();

    /// <summary>
    /// Whether some track still needs a look at its face: it has no name and fewer than
    /// <see cref="TrackerOptions.MaxIdentificationAttempts"/> unknown faces. The gate turns this into face detection.
    /// A tentative person track does not ask (YOLO's next pass confirms it or shows it was noise), but a tentative face
    /// track does: only another face detection can confirm it, and without asking that would wait for the refresh.
    /// </summary>
    public bool NeedsIdentification =>
        _tracks.Any(t => (t.Confirmed || !_tracksPersons) && t.Identity is null && t.UnknownFaces < _options.MaxIdentificationAttempts);

    public IReadOnlyList<TrackEvent> Update(TrackerObservation observation)
    {
        if (observation.CameraId != _cameraId)
            throw new ArgumentException($"This tracker follows camera '{_cameraId}', not '{observation.CameraId}'.", nameof(observation));
        var now = observation.At;
        var events = new List<TrackEvent>();
        foreach (var track in _tracks) track.PredictTo(now);

        if (observation.Persons is { } persons)
        {
            _tracksPersons = true;
            _persons = persons.Count;
            Follow(persons.Select(p => p.Box).ToList(), now, events);
            if (observation.Faces is { } faces) AttachFaces(faces);
        }
        else if (observation.Faces is { } faces)
        {
            if (_tracksPersons) AttachFaces(faces);
            else
            {
                var trackOfFace = Follow(faces.Select(f => f.Detection.Box).ToList(), now, events);
                for (var i = 0; i < faces.Count; i++) trackOfFace[i].AddFace(faces[i]);
            }
        }

        AnnounceNames(now, events);
        EndUnseen(now, events);
        return Stamped(events);
    }

    private List<TrackEvent> Stamped(List<TrackEvent> events) =>
        _persons is null || events.Count == 0 ? events : events.Select(e => e with { Persons = _persons }).ToList();

    /// <summary>
    /// Continues, starts and drops tracks from one frame's detections; returns the track each detection now belongs to.
    /// A track may be found where it would be had it kept moving, or where it was last seen had it stopped.
    /// </summary>
    private Track[] Follow(IReadOnlyList<Box> detections, DateTimeOffset now, List<TrackEvent> events)
    {
        var cost = new float[_tracks.Count, detections.Count];
        for (var t = 0; t < _tracks.Count; t++)
            for (var d = 0; d < detections.Count; d++)
                cost[t, d] = 1 - Math.Max(_tracks[t].Box.IoU(detections[d]), _tracks[t].LastSeenBox.IoU(detections[d]));

        var trackOf = new Track?[detections.Count];
        var kept = new List<Track>(_tracks.Count + detections.Count);
        var claimed = new bool[_tracks.Count];
        foreach (var (t, d) in HungarianAssignment.Solve(cost, 1 - _options.MatchIoU))
        {
            claimed[t] = true;
            trackOf[d] = _tracks[t];
            _tracks[t].Observe(detections[d], now);
        }
        for (var t = 0; t < _tracks.Count; t++)
            if (claimed[t] || _tracks[t].Confirmed) kept.Add(_tracks[t]);
        for (var d = 0; d < detections.Count; d++)
        {
            if (trackOf[d] is not null) continue;
            trackOf[d] = new Track(++_lastTrackId, detections[d], now, _options);
            kept.Add(trackOf[d]!);
        }
        _tracks = kept;

        foreach (var track in trackOf)
        {
            if (track!.Confirmed || track.Hits < _options.HitsToConfirm) continue;
            track.Confirmed = true;
            events.Add(new TrackStarted(_cameraId, track.Id, track.Box, now));
        }
        return trackOf!;
    }

    private void AttachFaces(IReadOnlyList<RecognizedFace> faces)
    {
        var pairs = FaceAttachment.Assign(faces.Select(f => f.Detection.Box).ToList(), _tracks.Select(t => t.Box).ToList(), _options.FaceUpperFraction);
        foreach (var (face, person) in pairs) _tracks[person].AddFace(faces[face]);
    }

    /// <summary>A tentative track keeps its votes but stays unnamed in public until it is confirmed (after its TrackStarted).</summary>
    private void AnnounceNames(DateTimeOffset now, List<TrackEvent> events)
    {
        foreach (var track in _tracks)
        {
            if (track is { Confirmed: true, SpoofAnnounced: false, SpoofLiveness: { } liveness })
            {
                events.Add(new SpoofSuspected(_cameraId, track.Id, track.Box, now, liveness));
                track.SpoofAnnounced = true;
            }
            if (!track.Confirmed || !track.HasUncountedBallots) continue;
            var vote = track.CountVote();
            var (identity, score, unknown) = vote;
            if (unknown && track is { Identity: null, UnknownAnnounced: false })
            {
                events.Add(new FaceUnknown(_cameraId, track.Id, track.Box, now, score) { Quality = vote.Quality });
                track.UnknownAnnounced = true;
            }
            if (identity == track.Identity) continue;
            events.Add(track.Identity is null
                ? new IdentityAssigned(_cameraId, track.Id, track.Box, now, identity!, score) { Quality = vote.Quality }
                : new IdentityChanged(_cameraId, track.Id, track.Box, now, track.Identity, identity, score) { Quality = identity is null ? null : vote.Quality });
            track.Identity = identity;
        }
    }

    /// <summary>
    /// Time has passed without a frame (the camera is late, stalled or reconnecting): the tracks unseen for their time to
    /// live end, as they would have on a frame at <paramref name="now"/>.
    /// </summary>
    public IReadOnlyList<TrackEvent> Expire(DateTimeOffset now)
    {
        var events = new List<TrackEvent>();
        EndUnseen(now, events);
        return Stamped(events);
    }

    /// <summary>The camera's frames have ended: every confirmed track ends now, and tentative ones are forgotten.</summary>
    public IReadOnlyList<TrackEvent> EndAll(DateTimeOffset now)
    {
        var events = _tracks.Where(t => t.Confirmed)
            .Select(track => (TrackEvent)new TrackEnded(_cameraId, track.Id, track.LastSeenBox, now, track.Identity))
            .ToList();
        _tracks = [];
        return Stamped(events);
    }

    private void EndUnseen(DateTimeOffset now, List<TrackEvent> events)
    {
        var ended = _tracks.Where(t => now - t.LastSeenAt > _options.TimeToLive).ToList();
        foreach (var track in ended.Where(t => t.Confirmed))
            events.Add(new TrackEnded(_cameraId, track.Id, track.LastSeenBox, now, track.Identity));
        if (ended.Count > 0) _tracks = _tracks.Except(ended).ToList();
    }
}
