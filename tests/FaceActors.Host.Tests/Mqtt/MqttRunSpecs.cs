using System.Text.Json;
using FaceActors.Host.Tests.Cli;
using FaceActors.Host.Tests.Http;
using FaceActors.Testbed.Brokers;
using FaceActors.TestSupport;

namespace FaceActors.Host.Tests.Mqtt;

/// <summary>`run` publishing to Debian's mosquitto on loopback, as a home-automation user sets it up; mosquitto_sub reads.</summary>
public sealed class MqttRunSpecs : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private readonly TempFolder _temp = new();
    private readonly MosquittoBroker _broker = new();

    public void Dispose()
    {
        _broker.Dispose();
        _temp.Dispose();
    }

    private string MqttKeys => $"mqtt {{ enabled = on, port = {_broker.Port}, reconnect-min = 200ms, reconnect-max = 1s }}";

    [Fact]
    public void The_sample_clips_recognition_presence_and_home_assistant_discovery_are_published_and_the_stop_leaves_them_retained()
    {
        using var subscriber = MqttSubscriber.Start(_broker.Port, ["faceactors/#", "homeassistant/#"]);
        var config = _temp.Write("faceactors.conf", $$"""
            faceactors {
              persistence.connection-string = "Data Source={{_temp.File("faceactors.db")}}"
              {{MqttKeys}}
            }
            """);

        var result = FaceActorsProcess.Run("run", "--camera", $"clip={SampleData.Clip}", "--gallery", SampleData.Gallery,
            "--events", _temp.File("events.jsonl"), "--config", config);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains($"mqtt: connected to 127.0.0.1:{_broker.Port}", result.Stderr);
        var events = subscriber.On("faceactors/events").Select(m => JsonDocument.Parse(m.Payload).RootElement).ToList();
        Assert.Contains(events, e => e.GetProperty("type").GetString() == "identity_assigned" && e.GetProperty("identity").GetString() == SampleData.Identity);
        // Every line `run` wrote went to the broker too, in the same order.
        Assert.Equal(File.ReadAllLines(_temp.File("events.jsonl")), subscriber.On("faceactors/events").Select(m => m.Payload));

        var presence = subscriber.On($"faceactors/clip/person/{SampleData.Identity}").Select(m => m.Payload).ToList();
        Assert.Contains("on", presence);
        Assert.Equal("off", presence[^1]);
        Assert.Equal(SampleData.Identity, subscriber.On("faceactors/clip/last_person").Last().Payload);
        Assert.Equal(["online", "offline"], subscriber.On("faceactors/availability").Select(m => m.Payload));
        // Everyone enrolled, present or not, has a sensor on the camera's device, and a presence that says off rather than unknown.
        foreach (var identity in Directory.GetDirectories(SampleData.Gallery).Select(Path.GetFileName))
        {
            var sensor = JsonDocument.Parse(subscriber.On($"homeassistant/binary_sensor/faceactors/clip_{identity}/config").Last().Payload).RootElement;
            foreach (var key in new[] { "name", "unique_id", "state_topic", "payload_on", "payload_off", "availability_topic", "device" })
                Assert.True(sensor.TryGetProperty(key, out _), $"{identity}'s config has no {key}: {sensor}");
            Assert.Equal($"faceactors/clip/person/{identity}", sensor.GetProperty("state_topic").GetString());
            Assert.Equal("off", subscriber.On($"faceactors/clip/person/{identity}").Last().Payload);
        }
        var lastPerson = JsonDocument.Parse(subscriber.On("homeassistant/sensor/faceactors/clip_last_person/config").Last().Payload).RootElement;
        Assert.Equal("faceactors/clip/last_person", lastPerson.GetProperty("state_topic").GetString());

        // What Home Assistant finds when it (re)starts after the run: the retained state.
        using var newcomer = MqttSubscriber.Start(_broker.Port, ["faceactors/#"]);
        newcomer.WaitFor($"faceactors/clip/person/{SampleData.Identity}", m => m is { Retained: true, Payload: "off" }, Patience);
        newcomer.WaitFor("faceactors/availability", m => m is { Retained: true, Payload: "offline" }, Patience);
    }

    [Fact]
    public async Task A_broker_away_for_20_s_costs_the_camera_no_frame_and_publishing_resumes_when_it_is_back()
    {
        using var program = new RunningProgram(_ => MqttKeys, TestPaths.SharedData("face_recognition_examples/knn_examples/train"));
        using (var subscriber = MqttSubscriber.Start(_broker.Port, ["faceactors/events"]))
            subscriber.WaitFor("faceactors/events", _ => true, TimeSpan.FromMinutes(1));
        await RunningProgram.EventuallyAsync(() => MetricAsync(program, "faceactors_mqtt_connected"), v => v == 1, Patience, "the connection metric saying 1");
        using (var prometheus = new PrometheusServer($"127.0.0.1:{program.Port}"))
        {
            var queries = GrafanaDashboard.Queries(mqtt: true).ToList();
            Assert.NotEmpty(queries);
            await RunningProgram.EventuallyAsync(async () =>
            {
                var none = new List<string>();
                foreach (var query in queries)
                    if ((await prometheus.QueryAsync(query)).Count == 0) none.Add(query);
                return none;
            }, none => none.Count == 0, TimeSpan.FromSeconds(90), "data for the dashboard's MQTT queries");
        }

        var before = await DoorAsync(program);
        _broker.Kill();
        await Task.Delay(TimeSpan.FromSeconds(20));
        var after = await DoorAsync(program);

        Assert.Equal("online", after.GetProperty("state").GetString());
        var captured = Counter(after, "framesCaptured") - Counter(before, "framesCaptured");
        var processed = Counter(after, "framesProcessed") - Counter(before, "framesProcessed");
        // The clip plays at 15 fps in real time: 300 frames in 20 s, every one through the pipeline while the broker was away.
        Assert.True(captured >= 240, $"the camera delivered {captured} frames in 20 s");
        Assert.True(processed >= captured - 15, $"{processed} of {captured} frames were processed while the broker was away");
        Assert.Equal(0, await MetricAsync(program, "faceactors_mqtt_connected"));

        _broker.Start();
        using var newcomer = MqttSubscriber.Start(_broker.Port, ["faceactors/#"]);
        newcomer.WaitFor("faceactors/availability", m => m.Payload == "online", Patience);
        newcomer.WaitFor("faceactors/events", _ => true, Patience);
        await RunningProgram.EventuallyAsync(() => MetricAsync(program, "faceactors_mqtt_connected"), v => v == 1, Patience, "the connection metric saying 1 again");
        Assert.True(await MetricAsync(program, "faceactors_mqtt_connections_total") >= 2);
    }

    private static long Counter(JsonElement camera, string name) => camera.GetProperty(name).GetInt64();

    private static async Task<JsonElement> DoorAsync(RunningProgram program) =>
        (await program.GetJsonAsync("api/cameras")).EnumerateArray().Single(c => c.GetProperty("name").GetString() == "door");

    /// <summary>A metric of the process as Prometheus scrapes it (the first sample with that name).</summary>
    private static async Task<double> MetricAsync(RunningProgram program, string name)
    {
        var text = await program.Http.GetStringAsync("metrics");
        var line = text.Split('\n').FirstOrDefault(l => l.StartsWith(name + " ", StringComparison.Ordinal) || l.StartsWith(name + "{", StringComparison.Ordinal));
        return line is null ? double.NaN : double.Parse(line[(line.LastIndexOf(' ') + 1)..], System.Globalization.CultureInfo.InvariantCulture);
    }
}
