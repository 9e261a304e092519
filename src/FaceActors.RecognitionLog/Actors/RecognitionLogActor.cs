using Akka.Actor;
using Akka.Event;
using FaceActors.Pipeline.Tracking;
using FaceActors.RecognitionLog.Storage;
using FaceActors.Storage;

namespace FaceActors.RecognitionLog.Actors;

/// <param name="Retention">How long a recognition is kept; older ones are removed by the sweep.</param>
/// <param name="FlushInterval">How often pending recognitions are written, in one transaction.</param>
/// <param name="SweepInterval">How often recognitions past the retention are removed (also once at start).</param>
/// <param name="MaxPending">Recognitions kept in memory while the database is unreachable; past this the oldest go, counted.</param>
public sealed record RecognitionLogOptions(TimeSpan Retention, TimeSpan FlushInterval, TimeSpan SweepInterval, int MaxPending = 10_000);

/// <summary>
/// Keeps the process's recognitions in the <see cref="RecognitionStore"/>. It takes <see cref="TrackEvent"/>s by Tell
/// (the event stream never waits on the database), writes what it has every flush interval with one write in flight
/// at a time, and sweeps out what is past the retention. A database that is down costs log lines and, past
/// <see cref="RecognitionLogOptions.MaxPending"/>, the oldest pending recognitions; never a camera.
/// </summary>
public sealed class RecognitionLogActor : ReceiveActor, IWithTimers
{
    private sealed record Flush;
    private sealed record Sweep;
    private sealed record Written(int Count);
    private sealed record WriteFailed(IReadOnlyList<RecognitionRecord> Records, Exception Cause);
    private sealed record Swept(int Removed);

    /// <summary>Asks for the counts so far; the reply is <see cref="LogStatus"/>.</summary>
    public sealed record GetStatus;

    public sealed record LogStatus(long Written, int Pending, long Dropped);

    private readonly RecognitionStore _store;
    private readonly RecognitionLogOptions _options;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly LinkedList<RecognitionRecord> _pending = new();
    // The batch being written, kept until the database confirms it, so a stop can wait for it or write it again.
    private (Task Write, IReadOnlyList<RecognitionRecord> Batch)? _inFlight;
    private bool _failing;
    private long _written;
    private long _dropped;

    public RecognitionLogActor(RecognitionStore store, RecognitionLogOptions options)
    {
        _store = store;
        _options = options;
        Receive<TrackEvent>(Record);
        Receive<Flush>(_ => Write());
        Receive<Written>(Wrote);
        Receive<WriteFailed>(Requeue);
        Receive<Sweep>(_ => RemoveExpired());
        Receive<Swept>(swept =>
        {
            if (swept.Removed > 0) _log.Info("Recognition log: removed {0} recognitions older than {1}", swept.Removed, _options.Retention);
        });
        Receive<Status.Failure>(failure => _log.Warning("Recognition log: the retention sweep failed: {0}", failure.Cause.Message));
        Receive<GetStatus>(_ => Sender.Tell(new LogStatus(_written, _pending.Count, _dropped)));
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(RecognitionStore store, RecognitionLogOptions options) =>
        Akka.Actor.Props.Create(() => new RecognitionLogActor(store, options));

    protected override void PreStart()
    {
        Timers.StartPeriodicTimer(nameof(Flush), new Flush(), _options.FlushInterval);
        Timers.StartPeriodicTimer(nameof(Sweep), new Sweep(), TimeSpan.Zero, _options.SweepInterval);
    }

    /// <summary>
    /// When the actor stops (the run ends) it waits for the batch being written and writes whatever is pending, the
    /// batch too if its write failed. What still cannot be written is said in the log, never dropped in silence.
    /// </summary>
    protected override void PostStop()
    {
        var unwritten = new List<RecognitionRecord>();
        if (_inFlight is var (write, batch))
        {
            try
            {
                if (!write.Wait(ShutdownWait)) _log.Warning("Recognition log: a write of {0} recognitions was still running at shutdown; they may be missing", batch.Count);
            }
            catch (Exception)
            {
                unwritten.AddRange(batch);
            }
        }
        unwritten.AddRange(_pending);
        if (unwritten.Count == 0) return;
        try
        {
            if (!_store.AppendAsync(unwritten).Wait(ShutdownWait)) throw new TimeoutException($"the {_store.Database.Describe()} did not answer within {ShutdownWait.TotalSeconds:0} s");
        }
        catch (Exception e)
        {
            _log.Error("Recognition log: {0} recognitions were not written at shutdown: {1}", unwritten.Count, e.GetBaseException().Message);
        }
    }

    private static readonly TimeSpan ShutdownWait = TimeSpan.FromSeconds(5);

    private void Record(TrackEvent trackEvent)
    {
        if (RecognitionRecord.From(trackEvent) is not { } record) return;
        _pending.AddLast(record);
        if (_pending.Count <= _options.MaxPending) return;
        _pending.RemoveFirst();
        _dropped++;
    }

    private void Write()
    {
        if (_inFlight is not null || _pending.Count == 0) return;
        var batch = _pending.ToList();
        _pending.Clear();
        var write = _store.AppendAsync(batch);
        _inFlight = (write, batch);
        write.PipeTo(Self,
            success: () => new Written(batch.Count),
            failure: cause => new WriteFailed(batch, cause));
    }

    private void Wrote(Written written)
    {
        _inFlight = null;
        _written += written.Count;
        if (!_failing) return;
        _failing = false;
        _log.Info("Recognition log: writing to the {0} again", _store.Database.Describe());
    }

    /// <summary>The batch goes back in front of what came meanwhile, so the order holds when the database returns.</summary>
    private void Requeue(WriteFailed failed)
    {
        _inFlight = null;
        if (!_failing) _log.Warning("Recognition log: cannot write to the {0}, keeping recognitions in memory: {1}", _store.Database.Describe(), failed.Cause.GetBaseException().Message);
        _failing = true;
        for (var i = failed.Records.Count - 1; i >= 0; i--) _pending.AddFirst(failed.Records[i]);
        while (_pending.Count > _options.MaxPending)
        {
            _pending.RemoveFirst();
            _dropped++;
        }
    }

    private void RemoveExpired() =>
        _store.RemoveOlderThanAsync(DateTimeOffset.UtcNow - _options.Retention).PipeTo(Self, success: removed => new Swept(removed));
}
