using FaceActors.Mqtt.Publishing;

namespace FaceActors.Mqtt.Tests.Publishing;

public sealed class RetainedStateSpecs
{
    private readonly RetainedState _state = new();

    [Fact]
    public void A_value_replaced_before_it_was_sent_is_sent_once_as_its_latest()
    {
        _state.Set("p/door/person/ada", "on");
        _state.Set("p/door/person/ada", "off");

        Assert.Equal([("p/door/person/ada", "off")], _state.TakeUnsent());
        Assert.Empty(_state.TakeUnsent());
    }

    [Fact]
    public void Setting_the_value_the_broker_has_sends_nothing()
    {
        _state.Set("t", "on");
        _state.TakeUnsent();
        _state.Set("t", "on");

        Assert.False(_state.HasUnsent);
    }

    [Fact]
    public void After_a_reconnect_everything_is_sent_again()
    {
        _state.Set("a", "1");
        _state.Set("b", "2");
        _state.TakeUnsent();
        _state.MarkAllUnsent();

        Assert.Equal(["a", "b"], _state.TakeUnsent().Select(u => u.Topic).Order());
    }

    [Fact]
    public void A_failed_send_is_put_back_unless_a_newer_value_came_meanwhile()
    {
        _state.Set("a", "on");
        _state.Set("b", "on");
        var taken = _state.TakeUnsent();
        _state.Set("a", "off");
        _state.Restore(taken);

        Assert.Equal([("a", "off"), ("b", "on")], _state.TakeUnsent().OrderBy(u => u.Topic));
    }

    [Fact]
    public void A_cleared_topic_is_sent_empty_once_and_then_forgotten()
    {
        _state.Set("config", "{}");
        _state.TakeUnsent();
        _state.Clear("config");

        Assert.Equal([("config", "")], _state.TakeUnsent());
        Assert.Null(_state["config"]);
        _state.MarkAllUnsent();
        Assert.Empty(_state.TakeUnsent());
    }
}
