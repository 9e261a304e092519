using FaceActors.Mqtt.Publishing;
using FaceActors.Pipeline.Tracking;
using FaceActors.Vision.Geometry;

namespace FaceActors.Mqtt.Tests.Publishing;

public sealed class PresenceBookSpecs
{
    private static readonly Box Box = new(10, 10, 50, 90);
    private static readonly DateTimeOffset At = new(2026, 12, 5, 7, 0, 0, TimeSpan.Zero);
    private readonly MqttTopics _topics = new("faceactors");
    private readonly RetainedState _state = new();
    private readonly PresenceBook _book;

    public PresenceBookSpecs() => _book = new PresenceBook(_topics, _state);

    private string? Presence(string camera, string identity) => _state[_topics.Presence(camera, identity)];

    [Fact]
    public void A_person_is_present_while_any_of_their_tracks_on_the_camera_names_them()
    {
        _book.Apply(new IdentityAssigned("door", 1, Box, At, "ada", 0.8f));
        _book.Apply(new IdentityAssigned("door", 2, Box, At, "ada", 0.8f));
        Assert.Equal("on", Presence("door", "ada"));
        Assert.Equal("ada", _state[_topics.LastPerson("door")]);

        _book.Apply(new TrackEnded("door", 1, Box, At, "ada"));
        Assert.Equal("on", Presence("door", "ada"));

        _book.Apply(new TrackEnded("door", 2, Box, At, "ada"));
        Assert.Equal("off", Presence("door", "ada"));
        Assert.Equal("ada", _state[_topics.LastPerson("door")]);
    }

    [Fact]
    public void A_changed_name_moves_the_presence_and_a_lost_name_switches_it_off()
    {
        _book.Apply(new IdentityAssigned("hall", 3, Box, At, "ada", 0.8f));
        _book.Apply(new IdentityChanged("hall", 3, Box, At, "ada", "grace", 0.7f));
        Assert.Equal(("off", "on"), (Presence("hall", "ada"), Presence("hall", "grace")));

        _book.Apply(new IdentityChanged("hall", 3, Box, At, "grace", null, 0f));
        Assert.Equal("off", Presence("hall", "grace"));
    }

    [Fact]
    public void Presence_is_per_camera()
    {
        _book.Apply(new IdentityAssigned("door", 1, Box, At, "ada", 0.8f));
        _book.Apply(new IdentityAssigned("hall", 1, Box, At, "ada", 0.8f));
        _book.Apply(new TrackEnded("door", 1, Box, At, "ada"));

        Assert.Equal(("off", "on"), (Presence("door", "ada"), Presence("hall", "ada")));
    }

    [Fact]
    public void Absent_and_forget_leave_a_person_in_view_alone()
    {
        _book.Apply(new IdentityAssigned("door", 1, Box, At, "ada", 0.8f));
        _book.Absent("door", "ada");
        _book.Forget("door", "ada");
        _book.Absent("door", "grace");

        Assert.Equal(("on", "off"), (Presence("door", "ada"), Presence("door", "grace")));
    }

    [Fact]
    public void A_track_ending_without_a_name_changes_nothing()
    {
        _book.Apply(new TrackStarted("door", 9, Box, At));
        _book.Apply(new FaceUnknown("door", 9, Box, At, 0.2f));
        _book.Apply(new TrackEnded("door", 9, Box, At, null));

        Assert.False(_state.HasUnsent);
    }
}
