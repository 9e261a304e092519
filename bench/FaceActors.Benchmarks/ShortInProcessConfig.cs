using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace FaceActors.Benchmarks;

/// <summary>
/// The job every stage benchmark runs under. Short (3 warm-ups, 12 measured iterations) so the whole
/// suite fits in about ten minutes on the two-core machine; the stages are milliseconds long and
/// dominated by native code, so more iterations mostly buy back noise from other load.
/// In-process (emitted) rather than BenchmarkDotNet's default child project: the generated project would
/// inherit the repository's Directory.Build.props (central package versions, warnings as errors, a fixed
/// runtime identifier) and cost a Release build per class on a machine whose two cores are shared.
/// </summary>
public sealed class ShortInProcessConfig : ManualConfig
{
    public ShortInProcessConfig()
    {
        AddJob(Job.Default
            .WithToolchain(InProcessEmitToolchain.Instance)
            .WithWarmupCount(3)
            .WithIterationCount(12)
            .WithId("ShortInProcess"));
        AddDiagnoser(MemoryDiagnoser.Default);
        AddColumn(StatisticColumn.Median);
    }
}
