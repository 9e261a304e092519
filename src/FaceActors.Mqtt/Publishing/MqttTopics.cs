using System.Text;

namespace FaceActors.Mqtt.Publishing;

/// <summary>
/// The topics under the prefix. A camera's or a person's name becomes one topic level: the characters MQTT gives a
/// meaning in a topic ('/', '+', '#') and control characters become '_', so "front/door" cannot open a level of its own
/// and a subscriber's wildcard cannot be spelt into a name.
/// </summary>
public sealed class MqttTopics(string prefix)
{
    public string Prefix { get; } = prefix;

    /// <summary>Every event, as the JSON line `run` writes.</summary>
    public string Events => $"{Prefix}/events";

    /// <summary>online while this program is connected; the broker publishes offline (the last will) when it is gone.</summary>
    public string Availability => $"{Prefix}/availability";

    /// <summary>Retained on or off: whether the person is in view of the camera now.</summary>
    public string Presence(string camera, string identity) => $"{Prefix}/{Level(camera)}/person/{Level(identity)}";

    /// <summary>A track whose faces vote for nobody in the gallery: its face_unknown event.</summary>
    public string Unknown(string camera) => $"{Prefix}/{Level(camera)}/unknown";

    /// <summary>Retained: the name last recognised on the camera.</summary>
    public string LastPerson(string camera) => $"{Prefix}/{Level(camera)}/last_person";

    public static string Level(string name)
    {
        var level = new StringBuilder(name.Length);
        foreach (var c in name) level.Append(c is '/' or '+' or '#' || char.IsControl(c) ? '_' : c);
        return level.Length == 0 ? "_" : level.ToString();
    }
}
