using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Diagnostics;
using System.Text.Json;
using FaceActors.Mqtt.Publishing;
using FaceActors.Pipeline.Tracking;
using FaceActors.Testbed.Brokers;
using FaceActors.Testbed.Processes;
using FaceActors.Vision.Geometry;

namespace FaceActors.Mqtt.Tests.Publishing;

/// <summary>The publisher against Debian's mosquitto on loopback, read by mosquitto_sub.</summary>
public sealed class MqttPublisherSpecs : IDisposable
{
    private static readonly Box Box = new(10, 10, 50, 90);
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);
    private readonly MosquittoBroker _broker = new();
    private readonly List<string> _log = [];

    public void Dispose() => _broker.Dispose();

    private MqttOptions Options(int? port = null, int queue = 100) => new("127.0.0.1", port ?? _broker.Port, Tls: false, Username: null, Password: null,
        ClientId: $"spec-{Guid.NewGuid():N}", TopicPrefix: "faceactors", Qos: 1, QueueCapacity: queue,
        MinReconnectDelay: TimeSpan.FromMilliseconds(200), MaxReconnectDelay: TimeSpan.FromMilliseconds(500), DiscoveryPrefix: "homeassistant");

    private MqttPublisher Publisher(MqttOptions options, params string[] enrolled)
    {
        var publisher = new MqttPublisher(options, ["door"], presenceAbsentAtStart: true, line => { lock (_log) _log.Add(line); });
        publisher.Start(() => enrolled);
        return publisher;
    }

    private static TrackEvent Assigned(long track, string identity) => new IdentityAssigned("door", track, Box, DateTimeOffset.UtcNow, identity, 0.8f);
    private static TrackEvent Ended(long track, string? identity) => new TrackEnded("door", track, Box, DateTimeOffset.UtcNow, identity);

    [Fact]
    public async Task Events_presence_the_last_person_and_availability_reach_a_subscriber_and_a_stop_says_offline()
    {
        using var subscriber = MqttSubscriber.Start(_broker.Port, ["faceactors/#", "homeassistant/#"]);
        await using var publisher = Publisher(Options(), "ada");
        subscriber.WaitFor("faceactors/availability", m => m.Payload == "online", Patience);
        subscriber.WaitFor("faceactors/door/person/ada", m => m.Payload == "off", Patience);

        publisher.Write(new TrackStarted("door", 1, Box, DateTimeOffset.UtcNow));
        publisher.Write(new FaceUnknown("door", 1, Box, DateTimeOffset.UtcNow, 0.2f));
        publisher.Write(Assigned(1, "ada"));
        subscriber.WaitFor("faceactors/door/person/ada", m => m.Payload == "on", Patience);
        publisher.Write(Ended(1, "ada"));
        Assert.True(await publisher.StopAsync(Patience));

        var types = subscriber.On("faceactors/events").Select(m => JsonDocument.Parse(m.Payload).RootElement.GetProperty("type").GetString());
        Assert.Equal(["track_started", "face_unknown", "identity_assigned", "track_ended"], types);
        Assert.Equal("face_unknown", JsonDocument.Parse(Assert.Single(subscriber.On("faceactors/door/unknown")).Payload).RootElement.GetProperty("type").GetString());
        Assert.Equal(["off", "on", "off"], subscriber.On("faceactors/door/person/ada").Select(m => m.Payload));
        Assert.Equal("ada", subscriber.On("faceactors/door/last_person").Last().Payload);
        Assert.Equal("offline", subscriber.On("faceactors/availability").Last().Payload);
        var config = JsonDocument.Parse(subscriber.On("homeassistant/binary_sensor/faceactors/door_ada/config").Last().Payload).RootElement;
        Assert.Equal("faceactors/door/person/ada", config.GetProperty("state_topic").GetString());
        Assert.Equal(1, publisher.Connections);
        Assert.Equal(0, publisher.Dropped);
    }

    [Fact]
    public async Task While_the_broker_refuses_it_writing_never_waits_the_queue_drops_and_counts_and_the_rest_goes_out_once_it_is_let_in()
    {
        // A broker that takes only its users: the subscriber is one, the publisher not yet, so it is refused and retries.
        using var broker = new MosquittoBroker(users: new Dictionary<string, string> { ["reader"] = "r3ad" });
        using var subscriber = MqttSubscriber.Start(broker.Port, ["faceactors/#"], ("reader", "r3ad"));
        await using var publisher = Publisher(Options(broker.Port, queue: 10) with { Username = "faceactors", Password = "s3cret" });

        var clock = Stopwatch.StartNew();
        publisher.Write(Assigned(1, "ada"));
        for (var track = 2; track <= 30; track++) publisher.Write(Ended(track, null));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(1), $"30 writes took {clock.Elapsed}");
        Assert.Equal((20, 10), (publisher.Dropped, publisher.QueueDepth));
        await Task.Delay(TimeSpan.FromSeconds(1));
        Assert.False(publisher.Connected);
        lock (_log) Assert.True(_log.Count(line => line.Contains("refused the connection: NotAuthorized for user faceactors", StringComparison.Ordinal)) == 1,
            string.Join(Environment.NewLine, _log));
        lock (_log) Assert.Single(_log, line => line.Contains("further events are dropped", StringComparison.Ordinal));

        broker.AddUser("faceactors", "s3cret");

        subscriber.WaitFor("faceactors/door/person/ada", m => m.Payload == "on", Patience);
        Assert.True(await publisher.StopAsync(Patience));
        Assert.Equal(10, subscriber.On("faceactors/events").Count);
        Assert.Equal((false, 1L), (publisher.Connected, publisher.Connections));
    }

    [Fact]
    public async Task Over_tls_a_broker_signed_by_the_configured_authority_is_trusted_and_one_the_system_does_not_know_is_refused()
    {
        var folder = Directory.CreateTempSubdirectory("faceactors-mqtt-tls-").FullName;
        try
        {
            var (authority, certificate, key) = BrokerCertificates.Write(folder);
            using var broker = new MosquittoBroker(tls: (certificate, key));
            using var subscriber = MqttSubscriber.Start(broker.Port, ["faceactors/#"]);
            var tls = Options(broker.TlsPort) with { Tls = true };

            await using (var trusting = Publisher(tls with { CaFile = authority }))
            {
                subscriber.WaitFor("faceactors/availability", m => m.Payload == "online", Patience);
                Assert.True(trusting.Connected);
            }

            await using var doubting = Publisher(tls);
            await Task.Delay(TimeSpan.FromSeconds(2));
            Assert.Equal(0, doubting.Connections);
            lock (_log) Assert.Contains(_log, line => line.Contains("cannot publish", StringComparison.Ordinal));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task After_the_broker_is_killed_and_back_the_publisher_reconnects_and_sends_its_state_again()
    {
        await using var publisher = Publisher(Options(), "ada");
        using (var first = MqttSubscriber.Start(_broker.Port, ["faceactors/#"]))
        {
            publisher.Write(Assigned(1, "ada"));
            first.WaitFor("faceactors/door/person/ada", m => m.Payload == "on", Patience);
        }

        _broker.Kill();
        publisher.Write(Ended(1, "ada"));
        publisher.Write(Assigned(2, "ada"));
        _broker.Start();

        // A broker without persistence lost every retained message: a newcomer sees them again only if they were sent again.
        using var newcomer = MqttSubscriber.Start(_broker.Port, ["faceactors/#"]);
        newcomer.WaitFor("faceactors/availability", m => m.Payload == "online", Patience);
        newcomer.WaitFor("faceactors/door/person/ada", m => m.Payload == "on", Patience);
        newcomer.WaitFor("faceactors/events", m => m.Payload.Contains("\"track\":2", StringComparison.Ordinal), Patience);
        Assert.Equal(2, publisher.Connections);
    }

    [Fact]
    public async Task Home_assistant_coming_online_gets_every_discovery_config_again()
    {
        await using var publisher = Publisher(Options(), "ada");
        using var subscriber = MqttSubscriber.Start(_broker.Port, ["homeassistant/#"]);
        subscriber.WaitFor("homeassistant/sensor/faceactors/door_last_person/config", _ => true, Patience);
        var before = subscriber.On("homeassistant/binary_sensor/faceactors/door_ada/config").Count;

        ChildProcesses.Run("/usr/bin/mosquitto_pub", ["-h", "127.0.0.1", "-p", _broker.Port.ToString(), "-t", "homeassistant/status", "-m", "online"], Patience);

        var clock = Stopwatch.StartNew();
        while (subscriber.On("homeassistant/binary_sensor/faceactors/door_ada/config").Count == before && clock.Elapsed < Patience) await Task.Delay(100);
        var again = subscriber.On("homeassistant/binary_sensor/faceactors/door_ada/config").Skip(before).First();
        Assert.False(again.Retained);
        Assert.Equal("faceactors/door/person/ada", JsonDocument.Parse(again.Payload).RootElement.GetProperty("state_topic").GetString());
    }

    [Fact]
    public async Task An_erased_person_loses_their_sensors()
    {
        string[] enrolled = ["ada", "grace"];
        await using var publisher = new MqttPublisher(Options(), ["door"], presenceAbsentAtStart: true, _ => { });
        publisher.Start(() => enrolled);
        using var subscriber = MqttSubscriber.Start(_broker.Port, ["homeassistant/#", "faceactors/#"]);
        subscriber.WaitFor("homeassistant/binary_sensor/faceactors/door_grace/config", m => m.Payload.Length > 0, Patience);

        enrolled = ["ada"];

        subscriber.WaitFor("homeassistant/binary_sensor/faceactors/door_grace/config", m => m.Payload.Length == 0, Patience);
        subscriber.WaitFor("faceactors/door/person/grace", m => m.Payload.Length == 0, Patience);
        Assert.DoesNotContain(subscriber.On("homeassistant/binary_sensor/faceactors/door_ada/config"), m => m.Payload.Length == 0);
    }
}

/// <summary>A certificate authority of the test's own and a broker certificate it signed, for 127.0.0.1, as PEM files.</summary>
internal static class BrokerCertificates
{
    public static (string Authority, string Certificate, string Key) Write(string folder)
    {
        using var authorityKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var authorityRequest = new CertificateRequest("CN=FaceActors test authority", authorityKey, HashAlgorithmName.SHA256);
        authorityRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        using var authority = authorityRequest.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));

        using var brokerKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var brokerRequest = new CertificateRequest("CN=127.0.0.1", brokerKey, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        brokerRequest.CertificateExtensions.Add(names.Build());
        using var broker = brokerRequest.Create(authority, DateTimeOffset.UtcNow.AddHours(-1), DateTimeOffset.UtcNow.AddHours(12), [1, 2, 3, 4]);

        var paths = (Path.Combine(folder, "ca.pem"), Path.Combine(folder, "broker.pem"), Path.Combine(folder, "broker.key"));
        File.WriteAllText(paths.Item1, authority.ExportCertificatePem());
        File.WriteAllText(paths.Item2, broker.ExportCertificatePem());
        File.WriteAllText(paths.Item3, brokerKey.ExportPkcs8PrivateKeyPem());
        return paths;
    }
}
