namespace FaceActors.Mqtt;

/// <summary>Where and how the recognitions are published (faceactors.mqtt).</summary>
/// <param name="TopicPrefix">The first level of every topic this program publishes (faceactors/events, faceactors/door/...).</param>
/// <param name="Qos">MQTT quality of service of every message: 0 at most once, 1 at least once, 2 exactly once.</param>
/// <param name="QueueCapacity">Events waiting for the broker; past this they are dropped and counted, never waited for.</param>
/// <param name="DiscoveryPrefix">Home Assistant's discovery prefix; null publishes no discovery.</param>
public sealed record MqttOptions(
    string Host,
    int Port,
    bool Tls,
    string? Username,
    string? Password,
    string ClientId,
    string TopicPrefix,
    int Qos,
    int QueueCapacity,
    TimeSpan MinReconnectDelay,
    TimeSpan MaxReconnectDelay,
    string? DiscoveryPrefix)
{
    /// <summary>With <see cref="Tls"/>, a PEM file of the certificate authority that signed the broker's certificate (a
    /// broker with a certificate of its own, as home brokers often have); null trusts the system's roots.</summary>
    public string? CaFile { get; init; }

    /// <summary>Where the broker is, for messages: host:port, and tls when on.</summary>
    public string Broker => $"{Host}:{Port}{(Tls ? " (TLS)" : "")}";
}
