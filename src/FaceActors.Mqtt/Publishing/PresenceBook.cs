using FaceActors.Pipeline.Tracking;

namespace FaceActors.Mqtt.Publishing;

/// <summary>
/// Who is in view of which camera, from the track events: a person is present on a camera while at least one of its
/// tracks there carries that name, so two tracks of one person (a lost and re-found track) switch it off only when
/// both have ended. Writes presence (on / off) and each camera's last recognised person into the retained state, and
/// tells of every name it meets, so that discovery can announce it.
/// </summary>
internal sealed class PresenceBook(MqttTopics topics, RetainedState state)
{
    private readonly Dictionary<(string Camera, long Track), string> _namedTracks = new();

    /// <summary>Told each name an event gives a track, so that a name met before it was announced still gets its sensors.</summary>
    public event Action<string>? IdentitySeen;

    public void Apply(TrackEvent trackEvent)
    {
        switch (trackEvent)
        {
            case IdentityAssigned assigned:
                Name(assigned.CameraId, assigned.TrackId, assigned.Identity);
                break;
            case IdentityChanged changed:
                Unname(changed.CameraId, changed.TrackId);
                if (changed.Identity is { } identity) Name(changed.CameraId, changed.TrackId, identity);
                break;
            case TrackEnded ended:
                Unname(ended.CameraId, ended.TrackId);
                break;
        }
    }

    /// <summary>Sets presence off for a person on a camera where no track names them: known and absent, rather than unknown.</summary>
    public void Absent(string camera, string identity)
    {
        if (!IsPresent(camera, identity)) state.Set(topics.Presence(camera, identity), "off");
    }

    /// <summary>Deletes a person's presence topic on a camera (an erased identity), unless a track names them there now.</summary>
    public void Forget(string camera, string identity)
    {
        if (!IsPresent(camera, identity)) state.Clear(topics.Presence(camera, identity));
    }

    public bool IsPresent(string camera, string identity) =>
        _namedTracks.Any(t => t.Key.Camera == camera && t.Value == identity);

    private void Name(string camera, long track, string identity)
    {
        _namedTracks[(camera, track)] = identity;
        IdentitySeen?.Invoke(identity);
        state.Set(topics.Presence(camera, identity), "on");
        state.Set(topics.LastPerson(camera), identity);
    }

    private void Unname(string camera, long track)
    {
        if (!_namedTracks.Remove((camera, track), out var identity)) return;
        if (!IsPresent(camera, identity)) state.Set(topics.Presence(camera, identity), "off");
    }
}
