using System.Text.Json;
using FaceActors.Mqtt.HomeAssistant;
using FaceActors.Mqtt.Publishing;

namespace FaceActors.Mqtt.Tests.HomeAssistant;

public sealed class HomeAssistantDiscoverySpecs
{
    private readonly MqttTopics _topics = new("faceactors");
    private readonly HomeAssistantDiscovery _discovery;

    public HomeAssistantDiscoverySpecs() => _discovery = new HomeAssistantDiscovery("homeassistant", _topics, qos: 1);

    [Fact]
    public void A_persons_binary_sensor_follows_their_presence_topic_on_the_cameras_device()
    {
        var config = JsonDocument.Parse(_discovery.PresenceConfig("Front Door", "grace_hopper")).RootElement;

        Assert.Equal("homeassistant/binary_sensor/faceactors/front_door_grace_hopper/config", _discovery.PresenceTopic("Front Door", "grace_hopper"));
        Assert.Equal(_topics.Presence("Front Door", "grace_hopper"), config.GetProperty("state_topic").GetString());
        Assert.Equal(("on", "off"), (config.GetProperty("payload_on").GetString(), config.GetProperty("payload_off").GetString()));
        Assert.Equal("occupancy", config.GetProperty("device_class").GetString());
        Assert.Equal("faceactors_front_door_grace_hopper", config.GetProperty("unique_id").GetString());
        AssertAvailabilityAndDevice(config);
    }

    [Fact]
    public void A_cameras_last_person_sensor_follows_its_last_person_topic()
    {
        var config = JsonDocument.Parse(_discovery.LastPersonConfig("door")).RootElement;

        Assert.Equal("homeassistant/sensor/faceactors/door_last_person/config", _discovery.LastPersonTopic("door"));
        Assert.Equal(_topics.LastPerson("door"), config.GetProperty("state_topic").GetString());
        Assert.Equal("faceactors_door_last_person", config.GetProperty("unique_id").GetString());
        AssertAvailabilityAndDevice(config);
    }

    [Fact]
    public void Only_discovery_configs_are_discovery_topics()
    {
        Assert.True(_discovery.IsDiscoveryTopic(_discovery.LastPersonTopic("door")));
        Assert.False(_discovery.IsDiscoveryTopic(_discovery.StatusTopic));
        Assert.False(_discovery.IsDiscoveryTopic(_topics.LastPerson("door")));
    }

    private void AssertAvailabilityAndDevice(JsonElement config)
    {
        Assert.Equal(_topics.Availability, config.GetProperty("availability_topic").GetString());
        Assert.Equal(("online", "offline"), (config.GetProperty("payload_available").GetString(), config.GetProperty("payload_not_available").GetString()));
        var device = config.GetProperty("device");
        Assert.StartsWith("faceactors_", device.GetProperty("identifiers")[0].GetString());
        Assert.False(string.IsNullOrEmpty(device.GetProperty("name").GetString()));
        Assert.Equal(1, config.GetProperty("qos").GetInt32());
    }
}
