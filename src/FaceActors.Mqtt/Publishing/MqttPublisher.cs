using System.Diagnostics.Metrics;
using System.Threading.Channels;
using FaceActors.Mqtt.HomeAssistant;
using FaceActors.Pipeline.Events;
using FaceActors.Pipeline.Tracking;
using MQTTnet;
using MQTTnet.Protocol;

namespace FaceActors.Mqtt.Publishing;

/// <summary>
/// Publishes the track events to an MQTT broker: every event on <c>&lt;prefix&gt;/events</c>, strangers on
/// <c>&lt;prefix&gt;/&lt;camera&gt;/unknown</c>, presence and each camera's last person as retained state, this program's
/// availability (online, and offline as its last will) and, when asked, Home Assistant's discovery.
/// <para>
/// A broker that is away costs a camera nothing: <see cref="Write"/> never waits. Events wait in a bounded queue
/// (past it they are dropped and counted), retained state is kept as its latest value and sent whole on every
/// connection, and the client reconnects on its own with a delay that doubles up to the configured maximum.
/// </para>
/// </summary>
public sealed class MqttPublisher : IAsyncDisposable
{
    /// <summary>How often the enrolled names are compared with those announced to Home Assistant.</summary>
    private static readonly TimeSpan EnrolledCheckInterval = TimeSpan.FromSeconds(5);

    public const string MeterName = "FaceActors.Mqtt";

    private readonly MqttOptions _options;
    private readonly IReadOnlyList<string> _cameras;
    private Func<IReadOnlyCollection<string>> _enrolled = () => [];
    private readonly bool _presenceAbsentAtStart;
    private readonly Action<string> _log;
    private readonly MqttTopics _topics;
    private readonly HomeAssistantDiscovery? _discovery;
    private readonly MqttQualityOfServiceLevel _qos;
    private readonly Channel<TrackEvent> _queue;
    private readonly SemaphoreSlim _stateChanged = new(0);
    private readonly CancellationTokenSource _stop = new();
    private readonly IMqttClient _client;

    // The retained state, the presence book and the announced names change on the hub's thread (Write), on the sending
    // loop and on the client's thread (Home Assistant's birth message); this lock is theirs.
    private readonly object _stateLock = new();
    private readonly RetainedState _state = new();
    private readonly PresenceBook _presence;
    private readonly HashSet<string> _announced = new(StringComparer.Ordinal);

    private Task _running = Task.CompletedTask;
    private TrackEvent? _inHand;
    private long _dropped, _published, _connections;
    private volatile bool _connected;

    /// <param name="cameras">The cameras whose presence and discovery this publisher announces.</param>
    /// <param name="presenceAbsentAtStart">Sets every enrolled person's presence off on every camera at the first
    /// connection, so an "on" a crashed run left retained is not believed; off on a cluster node, whose cameras the
    /// others may be running.</param>
    /// <param name="log">Where connections, losses and drops are told (once per change, not per message).</param>
    public MqttPublisher(MqttOptions options, IReadOnlyList<string> cameras, bool presenceAbsentAtStart, Action<string> log)
    {
        _options = options;
        _cameras = cameras;
        _presenceAbsentAtStart = presenceAbsentAtStart;
        _log = log;
        _topics = new MqttTopics(options.TopicPrefix);
        _qos = (MqttQualityOfServiceLevel)options.Qos;
        _discovery = options.DiscoveryPrefix is { } prefix ? new HomeAssistantDiscovery(prefix, _topics, options.Qos) : null;
        _queue = Channel.CreateBounded<TrackEvent>(new BoundedChannelOptions(options.QueueCapacity)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
        _presence = new PresenceBook(_topics, _state);
        _presence.IdentitySeen += Announce;
        _client = new MqttClientFactory().CreateMqttClient();
        _client.ApplicationMessageReceivedAsync += OnMessage;
    }

    public bool Connected => _connected;
    public long Dropped => Interlocked.Read(ref _dropped);
    public long Published => Interlocked.Read(ref _published);
    public long Connections => Interlocked.Read(ref _connections);
    public int QueueDepth => _queue.Reader.Count;

    /// <summary>The publisher's instruments on its own meter: connection, queue depth, published messages and connections made.</summary>
    public void CreateInstruments(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        meter.CreateObservableGauge("faceactors.mqtt.connected", () => _connected ? 1 : 0, "{connection}", "1 while connected to the MQTT broker, else 0.");
        meter.CreateObservableGauge("faceactors.mqtt.queue.depth", () => QueueDepth, "{event}", "Events waiting for the MQTT broker.");
        meter.CreateObservableCounter("faceactors.mqtt.messages.published", () => Published, "{message}", "Messages the MQTT broker took.");
        meter.CreateObservableCounter("faceactors.mqtt.connections", () => Connections, "{connection}", "Connections made to the MQTT broker, the first included.");
    }

    /// <summary>Starts connecting (and reconnecting) in the background; events written before a connection wait in the queue.</summary>
    /// <param name="enrolled">The names the matcher can give now (read every few seconds, to announce or remove their sensors).</param>
    public void Start(Func<IReadOnlyCollection<string>> enrolled)
    {
        _enrolled = enrolled;
        lock (_stateLock)
        {
            foreach (var camera in _cameras)
                if (_discovery is not null) _state.Set(_discovery.LastPersonTopic(camera), _discovery.LastPersonConfig(camera));
            CompareEnrolled(atStart: true);
        }
        _running = Task.Run(() => RunAsync(_stop.Token));
    }

    /// <summary>Takes one event without waiting: its state at once, the event itself queued, or dropped and counted when the queue is full.</summary>
    public void Write(TrackEvent trackEvent)
    {
        lock (_stateLock) _presence.Apply(trackEvent);
        WakeSender();
        if (_queue.Writer.TryWrite(trackEvent)) return;
        if (Interlocked.Increment(ref _dropped) == 1)
            _log($"mqtt: {_options.QueueCapacity} events wait for the broker at {_options.Broker}; further events are dropped (and counted) until it takes them");
    }

    private async Task RunAsync(CancellationToken stop)
    {
        var delay = _options.MinReconnectDelay;
        var reportedDown = false;
        while (!stop.IsCancellationRequested)
        {
            try
            {
                await ConnectAsync(stop);
                _log(reportedDown ? $"mqtt: connected again to {_options.Broker}" : $"mqtt: connected to {_options.Broker} as {_options.ClientId}");
                reportedDown = false;
                delay = _options.MinReconnectDelay;
                if (await PublishWhileConnectedAsync(stop))
                {
                    _connected = false;
                    return;
                }
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                if (!reportedDown)
                    _log($"mqtt: cannot publish to the broker at {_options.Broker} ({e.Message}); retrying, with up to {_options.QueueCapacity} events kept meanwhile");
                reportedDown = true;
            }
            _connected = false;
            try { await Task.Delay(delay, stop); }
            catch (OperationCanceledException) { return; }
            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, _options.MaxReconnectDelay.Ticks));
        }
    }

    private async Task ConnectAsync(CancellationToken stop)
    {
        var options = new MqttClientOptionsBuilder()
            .WithTcpServer(_options.Host, _options.Port)
            .WithClientId(_options.ClientId)
            .WithCleanSession()
            .WithKeepAlivePeriod(TimeSpan.FromSeconds(15))
            .WithTimeout(TimeSpan.FromSeconds(5))
            .WithWillTopic(_topics.Availability)
            .WithWillPayload(HomeAssistantDiscovery.Offline)
            .WithWillRetain()
            .WithWillQualityOfServiceLevel(_qos);
        if (_options.Username is { } user) options = options.WithCredentials(user, _options.Password ?? "");
        if (_options.Tls) options = options.WithTlsOptions(tls => BrokerCertificate.Configure(tls, _options.CaFile));
        if (_client.IsConnected) await _client.DisconnectAsync(cancellationToken: stop);
        var result = await _client.ConnectAsync(options.Build(), stop);
        if (result.ResultCode != MqttClientConnectResultCode.Success)
            throw new InvalidOperationException($"it refused the connection: {result.ResultCode}{(_options.Username is null ? "" : $" for user {_options.Username}")}; check faceactors.mqtt.username and password");
        _connected = true;
        Interlocked.Increment(ref _connections);
    }

    /// <summary>Sends what waits until the connection is lost (an exception) or the publisher stops with nothing left (true).</summary>
    private async Task<bool> PublishWhileConnectedAsync(CancellationToken stop)
    {
        await PublishAsync(_topics.Availability, HomeAssistantDiscovery.Online, retain: true, stop);
        if (_discovery is not null)
            await _client.SubscribeAsync(new MqttClientSubscribeOptionsBuilder().WithTopicFilter(_discovery.StatusTopic).Build(), stop);
        lock (_stateLock) _state.MarkAllUnsent();
        var enrolledCheckedAt = DateTime.UtcNow;
        while (true)
        {
            await PublishRetainedAsync(stop);
            while (_inHand is not null || _queue.Reader.TryRead(out _inHand))
            {
                await PublishEventAsync(_inHand, stop);
                _inHand = null;
                if (HasUnsentState) break;
            }
            if (HasUnsentState) continue;
            if (_queue.Reader.Completion.IsCompleted)
            {
                await PublishAsync(_topics.Availability, HomeAssistantDiscovery.Offline, retain: true, stop);
                await _client.DisconnectAsync(cancellationToken: stop);
                return true;
            }
            if (!_client.IsConnected) throw new InvalidOperationException("the connection was lost");
            if (DateTime.UtcNow - enrolledCheckedAt >= EnrolledCheckInterval)
            {
                lock (_stateLock) CompareEnrolled(atStart: false);
                enrolledCheckedAt = DateTime.UtcNow;
                continue;
            }
            using var wait = CancellationTokenSource.CreateLinkedTokenSource(stop);
            wait.CancelAfter(TimeSpan.FromSeconds(1));
            try
            {
                await Task.WhenAny(_queue.Reader.WaitToReadAsync(wait.Token).AsTask(), _stateChanged.WaitAsync(wait.Token));
            }
            catch (OperationCanceledException) when (!stop.IsCancellationRequested)
            {
                // The second's tick: check the connection and the enrolled names.
            }
            stop.ThrowIfCancellationRequested();
        }
    }

    private bool HasUnsentState
    {
        get { lock (_stateLock) return _state.HasUnsent; }
    }

    private async Task PublishRetainedAsync(CancellationToken stop)
    {
        IReadOnlyList<(string Topic, string Value)> unsent;
        lock (_stateLock) unsent = _state.TakeUnsent();
        for (var i = 0; i < unsent.Count; i++)
        {
            try
            {
                await PublishAsync(unsent[i].Topic, unsent[i].Value, retain: true, stop);
            }
            catch
            {
                lock (_stateLock) _state.Restore(unsent.Skip(i));
                throw;
            }
        }
    }

    private async Task PublishEventAsync(TrackEvent trackEvent, CancellationToken stop)
    {
        var json = TrackEventJson.Serialize(trackEvent);
        await PublishAsync(_topics.Events, json, retain: false, stop);
        if (trackEvent is FaceUnknown) await PublishAsync(_topics.Unknown(trackEvent.CameraId), json, retain: false, stop);
    }

    private async Task PublishAsync(string topic, string payload, bool retain, CancellationToken stop)
    {
        var message = new MqttApplicationMessageBuilder()
            .WithTopic(topic)
            .WithPayload(payload)
            .WithRetainFlag(retain)
            .WithQualityOfServiceLevel(_qos)
            .Build();
        await _client.PublishAsync(message, stop);
        Interlocked.Increment(ref _published);
    }

    /// <summary>Home Assistant came (back) up: it asks for every discovery config again.</summary>
    private Task OnMessage(MqttApplicationMessageReceivedEventArgs received)
    {
        if (_discovery is null || received.ApplicationMessage.Topic != _discovery.StatusTopic) return Task.CompletedTask;
        if (received.ApplicationMessage.ConvertPayloadToString() != HomeAssistantDiscovery.Online) return Task.CompletedTask;
        lock (_stateLock) _state.MarkUnsent(_state.Topics.Where(_discovery.IsDiscoveryTopic).ToList());
        WakeSender();
        return Task.CompletedTask;
    }

    /// <summary>Announces names newly enrolled and removes the sensors of names no longer enrolled (erased), unless they are in view.</summary>
    private void CompareEnrolled(bool atStart)
    {
        var enrolled = _enrolled().ToHashSet(StringComparer.Ordinal);
        foreach (var identity in enrolled)
        {
            if (!_announced.Contains(identity)) Announce(identity);
            if (atStart && _presenceAbsentAtStart)
                foreach (var camera in _cameras) _presence.Absent(camera, identity);
        }
        foreach (var identity in _announced.Where(i => !enrolled.Contains(i) && !_cameras.Any(c => _presence.IsPresent(c, i))).ToList())
        {
            _announced.Remove(identity);
            foreach (var camera in _cameras)
            {
                _presence.Forget(camera, identity);
                if (_discovery is not null) _state.Clear(_discovery.PresenceTopic(camera, identity));
            }
        }
        WakeSender();
    }

    private void Announce(string identity)
    {
        if (!_announced.Add(identity) || _discovery is null) return;
        foreach (var camera in _cameras) _state.Set(_discovery.PresenceTopic(camera, identity), _discovery.PresenceConfig(camera, identity));
    }

    private void WakeSender()
    {
        if (_stateChanged.CurrentCount == 0) _stateChanged.Release();
    }

    /// <summary>
    /// Sends what is queued and the latest state, then offline, and disconnects; what the broker does not take within
    /// <paramref name="timeout"/> is said on the log. False when it did not all get through.
    /// </summary>
    public async Task<bool> StopAsync(TimeSpan timeout)
    {
        _queue.Writer.TryComplete();
        WakeSender();
        var finished = await Task.WhenAny(_running, Task.Delay(timeout)) == _running;
        if (!finished)
        {
            var left = QueueDepth + (_inHand is null ? 0 : 1);
            _log($"mqtt: the broker at {_options.Broker} did not take the last {left} event(s) within {timeout.TotalSeconds:0} s; they are lost");
        }
        await _stop.CancelAsync();
        try { await _running; }
        catch (OperationCanceledException) { }
        return finished;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_stop.IsCancellationRequested) await StopAsync(TimeSpan.FromSeconds(5));
        _client.Dispose();
        _stop.Dispose();
        _stateChanged.Dispose();
    }
}
