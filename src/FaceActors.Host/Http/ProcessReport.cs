using System.Diagnostics;

namespace FaceActors.Host.Http;

/// <summary>The process as the live view's chart shows it: resident memory, the GC heap, and CPU (100 % is one core).</summary>
public sealed record ProcessReport(long ResidentBytes, long GcHeapBytes, double CpuPercent, int Processors, double UptimeSeconds);

/// <summary>
/// Samples the process for `GET /api/process`. CPU is the processor time used between one request and the one before
/// it (the page polls every few seconds), so the first answer covers the time since start.
/// </summary>
public sealed class ProcessSampler
{
    private readonly Lock _gate = new();
    private readonly DateTimeOffset _startedAt;
    private TimeSpan _cpuBefore;
    private long _sampledBefore;

    public ProcessSampler()
    {
        using var process = Process.GetCurrentProcess();
        _startedAt = process.StartTime.ToUniversalTime();
        _sampledBefore = Stopwatch.GetTimestamp() - (long)((DateTime.UtcNow - _startedAt.UtcDateTime).TotalSeconds * Stopwatch.Frequency);
    }

    public ProcessReport Sample()
    {
        using var process = Process.GetCurrentProcess();
        lock (_gate)
        {
            var (cpu, now) = (process.TotalProcessorTime, Stopwatch.GetTimestamp());
            var seconds = Math.Max(1e-3, Stopwatch.GetElapsedTime(_sampledBefore, now).TotalSeconds);
            var percent = (cpu - _cpuBefore).TotalSeconds / seconds * 100;
            (_cpuBefore, _sampledBefore) = (cpu, now);
            return new ProcessReport(process.WorkingSet64, GC.GetGCMemoryInfo().HeapSizeBytes, Math.Round(percent, 1), Environment.ProcessorCount,
                Math.Round((DateTimeOffset.UtcNow - _startedAt).TotalSeconds, 1));
        }
    }
}
