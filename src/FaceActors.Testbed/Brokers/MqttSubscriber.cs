using System.Collections.Concurrent;
using System.Diagnostics;
using FaceActors.Testbed.Processes;

namespace FaceActors.Testbed.Brokers;

/// <summary>One message as a subscriber received it.</summary>
public sealed record MqttMessage(string Topic, string Payload, bool Retained, DateTimeOffset ReceivedAt);

/// <summary>
/// A subscriber that is not this program's client: Debian's mosquitto_sub, printing every message of the topic filters
/// as one line (retain flag, topic, payload), which this collects. It is subscribed once <see cref="Start"/> returns.
/// </summary>
public sealed class MqttSubscriber : IDisposable
{
    private const string Program = "/usr/bin/mosquitto_sub";

    private readonly ConcurrentQueue<MqttMessage> _messages = new();
    private readonly ConcurrentQueue<string> _stderr = new();
    private readonly Process _process;

    private MqttSubscriber(Process process) => _process = process;

    /// <summary>The messages on one topic, in the order they came.</summary>
    public IReadOnlyList<MqttMessage> On(string topic) => _messages.Where(m => m.Topic == topic).ToList();

    /// <summary>Subscribes to the topic filters; the broker's retained messages on them come first, marked <see cref="MqttMessage.Retained"/>.</summary>
    /// <param name="login">A user name and password, for a broker that takes only its users.</param>
    public static MqttSubscriber Start(int port, IEnumerable<string> topicFilters, (string User, string Password)? login = null)
    {
        if (!File.Exists(Program))
            throw new InvalidOperationException($"mosquitto_sub is not installed ({Program}); install it with `apt-get install mosquitto-clients`.");
        string[] filters = [.. topicFilters, ProbeTopic];
        string[] connection = ["-h", "127.0.0.1", "-p", port.ToString(), .. login is var (user, password) ? new[] { "-u", user, "-P", password } : []];
        var arguments = new List<string>(connection) { "-F", "%r %t %p", "-q", "1" };
        foreach (var filter in filters) arguments.AddRange(["-t", filter]);
        var startInfo = new ProcessStartInfo(Program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments) startInfo.ArgumentList.Add(argument);
        var process = new Process { StartInfo = startInfo };
        var subscriber = new MqttSubscriber(process);
        process.OutputDataReceived += (_, line) => subscriber.Take(line.Data);
        process.ErrorDataReceived += (_, line) => { if (line.Data is not null) subscriber._stderr.Enqueue(line.Data); };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        subscriber.WaitSubscribed(connection);
        return subscriber;
    }

    /// <summary>Waits (polling) until a message on <paramref name="topic"/> satisfies <paramref name="condition"/>, or fails with what came.</summary>
    public MqttMessage WaitFor(string topic, Func<MqttMessage, bool> condition, TimeSpan patience)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var found = On(topic).FirstOrDefault(condition);
            if (found is not null) return found;
            if (clock.Elapsed > patience)
                throw new TimeoutException($"No such message on {topic} within {patience.TotalSeconds:0} s; on it came: " +
                                           $"{string.Join(" | ", On(topic).Select(m => m.Payload))}; mosquitto_sub said: {string.Join(" ", _stderr)}");
            Thread.Sleep(100);
        }
    }

    // mosquitto_sub says nothing once subscribed; a message of our own through the broker says it is.
    private const string ProbeTopic = "faceactors-testbed/probe";

    private void WaitSubscribed(string[] connection)
    {
        var clock = Stopwatch.StartNew();
        while (On(ProbeTopic).Count == 0)
        {
            if (_process.HasExited) throw new InvalidOperationException($"mosquitto_sub ended ({_process.ExitCode}): {string.Join(" ", _stderr)}");
            if (clock.Elapsed > TimeSpan.FromSeconds(20)) throw new TimeoutException($"mosquitto_sub did not subscribe within 20 s: {string.Join(" ", _stderr)}");
            ChildProcesses.Run("/usr/bin/mosquitto_pub", [.. connection, "-t", ProbeTopic, "-m", "probe"], TimeSpan.FromSeconds(10));
            Thread.Sleep(100);
        }
    }

    private void Take(string? line)
    {
        if (line is null) return;
        var parts = line.Split(' ', 3);
        if (parts.Length < 2) return;
        _messages.Enqueue(new MqttMessage(parts[1], parts.Length == 3 ? parts[2] : "", parts[0] == "1", DateTimeOffset.UtcNow));
    }

    public void Dispose() => ChildProcesses.Stop(_process);
}
