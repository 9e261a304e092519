namespace FaceActors.Mqtt.Publishing;

/// <summary>
/// What the broker should hold as retained messages (presence, last person, discovery), and which of them it may not
/// have yet. A value replaced before it was sent is sent once, as its latest: state is coalesced, never queued, so a
/// broker that was away gets the present rather than a replay, and a presence that went on and off while it was away
/// cannot be left on. An empty value deletes the retained message and is forgotten once sent.
/// </summary>
internal sealed class RetainedState
{
    private readonly Dictionary<string, string> _values = new(StringComparer.Ordinal);
    private readonly HashSet<string> _unsent = new(StringComparer.Ordinal);

    public bool HasUnsent => _unsent.Count > 0;

    public string? this[string topic] => _values.GetValueOrDefault(topic);

    public IEnumerable<string> Topics => _values.Keys;

    public void Set(string topic, string value)
    {
        if (_values.TryGetValue(topic, out var current) && current == value) return;
        _values[topic] = value;
        _unsent.Add(topic);
    }

    /// <summary>Deletes the topic's retained message at the broker (an empty retained payload).</summary>
    public void Clear(string topic)
    {
        if (_values.ContainsKey(topic)) Set(topic, "");
    }

    /// <summary>After a reconnect the broker may have lost anything (a restart without persistence): send it all again.</summary>
    public void MarkAllUnsent() => _unsent.UnionWith(_values.Keys);

    /// <summary>Marks these topics unsent, as when Home Assistant comes back and needs its discovery again.</summary>
    public void MarkUnsent(IEnumerable<string> topics)
    {
        foreach (var topic in topics)
            if (_values.ContainsKey(topic)) _unsent.Add(topic);
    }

    /// <summary>The unsent values, which count as sent from now on (a failed publish marks them again).</summary>
    public IReadOnlyList<(string Topic, string Value)> TakeUnsent()
    {
        var taken = _unsent.Select(topic => (topic, _values[topic])).ToList();
        _unsent.Clear();
        foreach (var (topic, value) in taken)
            if (value.Length == 0) _values.Remove(topic);
        return taken;
    }

    /// <summary>Puts back what a publish did not get to the broker, unless a newer value replaced it meanwhile.</summary>
    public void Restore(IEnumerable<(string Topic, string Value)> unsent)
    {
        foreach (var (topic, value) in unsent)
        {
            if (_values.TryGetValue(topic, out var newer) && newer != value) continue;
            _values[topic] = value;
            _unsent.Add(topic);
        }
    }
}
