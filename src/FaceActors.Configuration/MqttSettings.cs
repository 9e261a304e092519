using System.Text.RegularExpressions;
using Akka.Configuration;
using FaceActors.Mqtt;

namespace FaceActors.Configuration;

/// <summary>faceactors.mqtt: the broker `run` publishes recognitions to, or none.</summary>
public static partial class MqttSettings
{
    /// <summary>The publisher's options, or null when faceactors.mqtt.enabled is off.</summary>
    /// <param name="clusterPort">This node's cluster port, which the default client id carries so nodes on one machine differ; null in a single process.</param>
    public static MqttOptions? From(Config config, int? clusterPort = null)
    {
        var read = new HoconReader(config, "faceactors.mqtt");
        var host = read.String("host").Trim();
        if (host.Length == 0) throw new ConfigurationError("faceactors.mqtt.host", "is empty; give the broker's host name or address");
        var prefix = read.String("topic-prefix").Trim();
        if (!TopicPrefix().IsMatch(prefix))
            throw new ConfigurationError("faceactors.mqtt.topic-prefix",
                $"is '{prefix}', expected levels of letters, digits, '_' and '-' separated by '/' (for example faceactors or home/faces)");
        var discoveryPrefix = read.String("discovery-prefix").Trim();
        if (!TopicPrefix().IsMatch(discoveryPrefix))
            throw new ConfigurationError("faceactors.mqtt.discovery-prefix", $"is '{discoveryPrefix}', expected a topic level such as homeassistant");
        var (min, max) = (read.Duration("reconnect-min", TimeSpan.FromMilliseconds(100), TimeSpan.FromMinutes(10)),
            read.Duration("reconnect-max", TimeSpan.FromMilliseconds(100), TimeSpan.FromMinutes(10)));
        if (max < min) throw new ConfigurationError("faceactors.mqtt.reconnect-max", $"is {max}, shorter than reconnect-min ({min})");
        var caFile = read.String("ca-file").Trim();
        if (caFile.Length > 0 && !File.Exists(HomeDirectory.Resolve(caFile)))
            throw new ConfigurationError("faceactors.mqtt.ca-file", $"names '{HomeDirectory.Resolve(caFile)}', which does not exist; give the PEM file of the broker's certificate authority, or \"\" for the system's roots");
        var username = read.String("username");
        var clientId = read.String("client-id").Trim();
        var options = new MqttOptions(host, read.Int("port", 1, 65535), read.Boolean("tls"),
            username.Length == 0 ? null : username, read.String("password"),
            clientId.Length > 0 ? clientId : $"faceactors-{Environment.MachineName}{(clusterPort is { } port ? $"-{port}" : "")}",
            prefix, read.Int("qos", 0, 2), read.Int("queue-size", 10, 1_000_000), min, max,
            read.Boolean("discovery") ? discoveryPrefix : null)
        {
            CaFile = caFile.Length == 0 ? null : HomeDirectory.Resolve(caFile),
        };
        return read.Boolean("enabled") ? options : null;
    }

    [GeneratedRegex("^[A-Za-z0-9_-]+(/[A-Za-z0-9_-]+)*$")]
    private static partial Regex TopicPrefix();
}
