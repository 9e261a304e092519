using System.Net.Http.Json;
using System.Text.Json;
using FaceActors.RecognitionLog;
using FaceActors.RecognitionLog.Storage;
using FaceActors.Storage;

namespace FaceActors.Host.Benchmarking.Soak;

/// <summary>Recognitions produced (read from the program's event stream) against those its recognition log stored.</summary>
/// <param name="Lost">Produced and not in the log.</param>
/// <param name="NotSeenProduced">In the log, but not seen in the feed (produced after its last read, as the program stopped).</param>
public sealed record RecognitionCount(int Produced, int Stored, int Lost, int NotSeenProduced);

/// <summary>
/// Counts the recognitions (identity_assigned and identity_changed events: what the recognition log keeps) that the
/// program produces, from its live event feed (`GET /api/events`: every event, independent of the log and of stdout,
/// the last 1000 kept), read every few seconds, far more often than 1000 events come. After the program has ended, the
/// same recognitions are looked up in the log's database. A recognition is its camera, track, identity and time to the millisecond (the database
/// may keep less than .NET's ticks).
/// </summary>
internal sealed class RecognitionTally(HttpClient http)
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(5);

    private readonly HashSet<string> _events = [];
    private readonly HashSet<string> _recognitions = [];
    private readonly Lock _gate = new();

    public int Produced
    {
        get
        {
            lock (_gate) return _recognitions.Count;
        }
    }

    /// <summary>Reads the feed's recent events every <see cref="PollInterval"/> until <paramref name="stop"/> fires.</summary>
    public async Task RunAsync(CancellationToken stop)
    {
        using var timer = new PeriodicTimer(PollInterval);
        try
        {
            do await ReadRecentAsync(stop);
            while (await timer.WaitForNextTickAsync(stop));
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
        }
    }

    /// <summary>Reads the feed's recent events once: the last read before the program is stopped.</summary>
    public async Task ReadRecentAsync(CancellationToken cancellation = default)
    {
        try
        {
            foreach (var element in (await http.GetFromJsonAsync<JsonElement>("/api/events", cancellation)).EnumerateArray()) Add(element);
        }
        catch (HttpRequestException)
        {
            // The program is stopping or gone; the soak notices that itself.
        }
    }

    /// <summary>Looks every produced recognition since <paramref name="since"/> up in the log.</summary>
    public async Task<RecognitionCount> CompareWithLogAsync(SqlDatabase database, DateTimeOffset since)
    {
        var store = await RecognitionStore.OpenAsync(database);
        var stored = (await store.QueryAsync(new RecognitionQuery(Since: since, Limit: int.MaxValue)))
            .Select(r => Key(r.CameraId, r.TrackId, r.Identity, r.At)).ToHashSet();
        lock (_gate)
            return new RecognitionCount(_recognitions.Count, stored.Count, _recognitions.Count(r => !stored.Contains(r)), stored.Count(s => !_recognitions.Contains(s)));
    }

    private void Add(JsonElement trackEvent)
    {
        var type = trackEvent.GetProperty("type").GetString();
        var at = trackEvent.GetProperty("at").GetDateTimeOffset();
        var (camera, track) = (trackEvent.GetProperty("camera").GetString()!, trackEvent.GetProperty("track").GetInt64());
        lock (_gate)
        {
            // Consecutive reads overlap.
            if (!_events.Add($"{type}|{camera}|{track}|{at.UtcTicks}")) return;
            if (type is "identity_assigned" or "identity_changed")
                _recognitions.Add(Key(camera, track, trackEvent.TryGetProperty("identity", out var identity) ? identity.GetString() : null, at));
        }
    }

    private static string Key(string camera, long track, string? identity, DateTimeOffset at) =>
        $"{camera}|{track}|{identity}|{at.ToUnixTimeMilliseconds()}";
}
