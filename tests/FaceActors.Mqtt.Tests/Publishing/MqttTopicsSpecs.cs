using FaceActors.Mqtt.Publishing;

namespace FaceActors.Mqtt.Tests.Publishing;

public sealed class MqttTopicsSpecs
{
    [Fact]
    public void A_name_is_always_one_topic_level_and_never_a_wildcard()
    {
        var topics = new MqttTopics("home/faces");

        Assert.Equal("home/faces/front_door/person/_", topics.Presence("front/door", "#"));
        Assert.Equal("home/faces/a_b/unknown", topics.Unknown("a+b"));
        Assert.Equal("home/faces/_/last_person", topics.LastPerson(""));
    }
}
