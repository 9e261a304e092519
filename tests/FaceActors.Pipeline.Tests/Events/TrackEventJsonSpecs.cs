using System.Text.Json;
using FaceActors.Pipeline.Events;
using FaceActors.Pipeline.Tracking;
using FaceActors.Vision.Geometry;

namespace FaceActors.Pipeline.Tests.Events;

public sealed class TrackEventJsonSpecs
{
    private static readonly DateTimeOffset At = new(2026, 11, 28, 4, 0, 0, TimeSpan.Zero);
    private static readonly Box Box = new(10, 20, 110.04f, 220);

    [Fact]
    public void An_identity_assignment_is_one_line_with_type_camera_track_box_time_identity_and_score()
    {
        var line = TrackEventJson.Serialize(new IdentityAssigned("door", 7, Box, At, "obama", 0.8237f));

        Assert.DoesNotContain('\n', line);
        var json = JsonDocument.Parse(line).RootElement;
        Assert.Equal("identity_assigned", json.GetProperty("type").GetString());
        Assert.Equal("door", json.GetProperty("camera").GetString());
        Assert.Equal(7, json.GetProperty("track").GetInt64());
        Assert.Equal(110.0, json.GetProperty("box").GetProperty("x2").GetDouble(), 3);
        Assert.Equal(At, json.GetProperty("at").GetDateTimeOffset());
        Assert.Equal("obama", json.GetProperty("identity").GetString());
        Assert.Equal(0.824, json.GetProperty("score").GetDouble(), 3);
    }

    [Fact]
    public void The_person_count_is_written_when_known_and_left_out_otherwise()
    {
        var counted = JsonDocument.Parse(TrackEventJson.Serialize(new TrackStarted("c", 1, Box, At) { Persons = 2 })).RootElement;
        var uncounted = JsonDocument.Parse(TrackEventJson.Serialize(new TrackStarted("c", 1, Box, At))).RootElement;

        Assert.Equal(2, counted.GetProperty("persons").GetInt32());
        Assert.False(uncounted.TryGetProperty("persons", out _));
    }

    [Fact]
    public void The_node_is_written_on_a_cluster_and_left_out_in_a_single_process()
    {
        var clustered = JsonDocument.Parse(TrackEventJson.Serialize(new TrackStarted("c", 1, Box, At) { Node = "10.0.0.12:4053" })).RootElement;
        var single = JsonDocument.Parse(TrackEventJson.Serialize(new TrackStarted("c", 1, Box, At))).RootElement;

        Assert.Equal("10.0.0.12:4053", clustered.GetProperty("node").GetString());
        Assert.False(single.TryGetProperty("node", out _));
    }

    [Fact]
    public void A_vote_carries_the_quality_of_its_faces_and_other_events_none()
    {
        var assigned = JsonDocument.Parse(TrackEventJson.Serialize(new IdentityAssigned("c", 1, Box, At, "a", 0.9f) { Quality = 0.4567f })).RootElement;
        var started = JsonDocument.Parse(TrackEventJson.Serialize(new TrackStarted("c", 1, Box, At))).RootElement;

        Assert.Equal(0.457, assigned.GetProperty("quality").GetDouble());
        Assert.False(started.TryGetProperty("quality", out _));
    }

    [Fact]
    public void Every_event_kind_has_its_own_type()
    {
        TrackEvent[] events =
        [
            new TrackStarted("c", 1, Box, At),
            new IdentityAssigned("c", 1, Box, At, "a", 0.9f),
            new IdentityChanged("c", 1, Box, At, "a", null, 0.5f),
            new TrackEnded("c", 1, Box, At, "a"),
            new SpoofSuspected("c", 1, Box, At, 0.2f),
            new FaceUnknown("c", 1, Box, At, 0.3f),
        ];

        var types = events.Select(e => JsonDocument.Parse(TrackEventJson.Serialize(e)).RootElement.GetProperty("type").GetString());

        Assert.Equal(["track_started", "identity_assigned", "identity_changed", "track_ended", "spoof_suspected", "face_unknown"], types);
    }
}
