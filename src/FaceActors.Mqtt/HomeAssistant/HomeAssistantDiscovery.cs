using System.Text;
using System.Text.Json;
using FaceActors.Mqtt.Publishing;

namespace FaceActors.Mqtt.HomeAssistant;

/// <summary>
/// Home Assistant's MQTT discovery (https://www.home-assistant.io/integrations/mqtt/#mqtt-discovery): a retained JSON
/// config at <c>&lt;discovery prefix&gt;/&lt;component&gt;/&lt;node id&gt;/&lt;object id&gt;/config</c> makes an entity,
/// and an empty retained payload there removes it. Each camera is a device with
/// <list type="bullet">
/// <item>a binary sensor per enrolled person, on while that person is in view
/// (https://www.home-assistant.io/integrations/binary_sensor.mqtt/: <c>state_topic</c>, <c>payload_on</c>,
/// <c>payload_off</c>, <c>device_class</c> occupancy);</item>
/// <item>a sensor for the last person it recognised (https://www.home-assistant.io/integrations/sensor.mqtt/: <c>state_topic</c>).</item>
/// </list>
/// Every entity carries <c>unique_id</c> (so it can be renamed in Home Assistant), <c>availability_topic</c> with
/// <c>payload_available</c> / <c>payload_not_available</c> (this program's online / offline and last will),
/// <c>device</c> (<c>identifiers</c>, <c>name</c>, <c>manufacturer</c>, <c>model</c>), <c>qos</c> and <c>icon</c>.
/// Home Assistant announces its own start on <c>&lt;discovery prefix&gt;/status</c> (online); the configs are sent
/// again then, as the documentation asks of a device.
/// </summary>
public sealed class HomeAssistantDiscovery(string discoveryPrefix, MqttTopics topics, int qos)
{
    public const string Online = "online", Offline = "offline";

    /// <summary>Where Home Assistant says it has started (its birth message).</summary>
    public string StatusTopic => $"{discoveryPrefix}/status";

    private string NodeId => ObjectId(topics.Prefix);

    public bool IsDiscoveryTopic(string topic) => topic.StartsWith(discoveryPrefix + "/", StringComparison.Ordinal) && topic.EndsWith("/config", StringComparison.Ordinal);

    public string PresenceTopic(string camera, string identity) =>
        $"{discoveryPrefix}/binary_sensor/{NodeId}/{ObjectId(camera)}_{ObjectId(identity)}/config";

    public string LastPersonTopic(string camera) => $"{discoveryPrefix}/sensor/{NodeId}/{ObjectId(camera)}_last_person/config";

    public string PresenceConfig(string camera, string identity) => Json(json =>
    {
        json.WriteString("name", identity);
        json.WriteString("unique_id", $"{NodeId}_{ObjectId(camera)}_{ObjectId(identity)}");
        json.WriteString("state_topic", topics.Presence(camera, identity));
        json.WriteString("payload_on", "on");
        json.WriteString("payload_off", "off");
        json.WriteString("device_class", "occupancy");
        json.WriteString("icon", "mdi:face-recognition");
        Common(json, camera);
    });

    public string LastPersonConfig(string camera) => Json(json =>
    {
        json.WriteString("name", "Last person");
        json.WriteString("unique_id", $"{NodeId}_{ObjectId(camera)}_last_person");
        json.WriteString("state_topic", topics.LastPerson(camera));
        json.WriteString("icon", "mdi:account");
        Common(json, camera);
    });

    private void Common(Utf8JsonWriter json, string camera)
    {
        json.WriteString("availability_topic", topics.Availability);
        json.WriteString("payload_available", Online);
        json.WriteString("payload_not_available", Offline);
        json.WriteNumber("qos", qos);
        json.WriteStartObject("device");
        json.WriteStartArray("identifiers");
        json.WriteStringValue($"{NodeId}_{ObjectId(camera)}");
        json.WriteEndArray();
        json.WriteString("name", $"FaceActors {camera}");
        json.WriteString("manufacturer", "FaceActors");
        json.WriteString("model", "face recognition camera");
        json.WriteEndObject();
    }

    /// <summary>Home Assistant takes only letters, digits, '_' and '-' in a node or object id.</summary>
    public static string ObjectId(string name)
    {
        var id = new StringBuilder(name.Length);
        foreach (var c in name.ToLowerInvariant()) id.Append(char.IsAsciiLetterOrDigit(c) || c is '-' ? c : '_');
        return id.ToString();
    }

    private static string Json(Action<Utf8JsonWriter> write)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            write(json);
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }
}
