using System.Text.Json;
using FaceActors.Pipeline.Tracking;

namespace FaceActors.Pipeline.Events;

/// <summary>
/// One JSON object per event, on one line: <c>{"type":"identity_assigned","camera":"door","track":3,
/// "box":{...},"at":"...","persons":2,"identity":"obama","score":0.82}</c>. Stable field names; a consumer switches on
/// "type". "persons" is the person detector's last count on the camera, absent without one; "node" is the cluster
/// node that runs the camera, absent in a single process; "quality" (0..1) the mean quality of the faces that voted, on
/// identity_assigned, identity_changed (to a name) and face_unknown.
/// </summary>
public static class TrackEventJson
{
    /// <summary>The event's "type" field: track_started, identity_assigned, identity_changed, face_unknown, track_ended or spoof_suspected.</summary>
    public static string TypeOf(TrackEvent trackEvent) => trackEvent switch
    {
        TrackStarted => "track_started",
        IdentityAssigned => "identity_assigned",
        IdentityChanged => "identity_changed",
        TrackEnded => "track_ended",
        SpoofSuspected => "spoof_suspected",
        FaceUnknown => "face_unknown",
        _ => throw new ArgumentOutOfRangeException(nameof(trackEvent), trackEvent.GetType().Name, "Unknown track event."),
    };

    public static string Serialize(TrackEvent trackEvent)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("type", TypeOf(trackEvent));
            json.WriteString("camera", trackEvent.CameraId);
            json.WriteNumber("track", trackEvent.TrackId);
            json.WriteStartObject("box");
            json.WriteNumber("x1", MathF.Round(trackEvent.Box.X1, 1));
            json.WriteNumber("y1", MathF.Round(trackEvent.Box.Y1, 1));
            json.WriteNumber("x2", MathF.Round(trackEvent.Box.X2, 1));
            json.WriteNumber("y2", MathF.Round(trackEvent.Box.Y2, 1));
            json.WriteEndObject();
            json.WriteString("at", trackEvent.At);
            if (trackEvent.Persons is { } persons) json.WriteNumber("persons", persons);
            if (trackEvent.Node is { } node) json.WriteString("node", node);
            if (trackEvent is VoteEvent { Quality: { } quality }) json.WriteNumber("quality", MathF.Round(quality, 3));
            switch (trackEvent)
            {
                case IdentityAssigned assigned:
                    json.WriteString("identity", assigned.Identity);
                    json.WriteNumber("score", MathF.Round(assigned.Score, 3));
                    break;
                case IdentityChanged changed:
                    json.WriteString("previous", changed.Previous);
                    json.WriteString("identity", changed.Identity);
                    json.WriteNumber("score", MathF.Round(changed.Score, 3));
                    break;
                case TrackEnded ended:
                    json.WriteString("identity", ended.Identity);
                    break;
                case SpoofSuspected spoof:
                    json.WriteNumber("liveness", MathF.Round(spoof.Liveness, 3));
                    break;
                case FaceUnknown unknown:
                    json.WriteNumber("score", MathF.Round(unknown.Score, 3));
                    break;
            }
            json.WriteEndObject();
        }
        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }
}
