using Microsoft.ML.OnnxRuntime;

namespace FaceActors.Vision.Inference;

/// <summary>
/// How one ONNX Runtime session uses the CPU. One intra-op thread per session with stages running in
/// parallel was measured as the best use of two cores; spinning is off because ORT's spin-waiting made
/// two-thread sessions slower than one. Memory patterns are off: ORT plans and keeps one per input shape, and the
/// pipeline's shapes vary with every frame (candidate boxes, faces per batch, photo sizes at enrolment), so the plans
/// piled up (20 MiB at a second enrolment; docs/benchmarks.md, Soak) for no measurable speed. On
/// <see cref="ExecutionProvider.Cuda"/> the sessions run on GPU <see cref="CudaDevice"/>; whether that can work here is
/// settled before (<see cref="GpuSupport"/>), so a session never fails for it.
/// </summary>
public sealed record InferenceOptions(int IntraOpThreads = 1, bool AllowSpinning = false, ExecutionProvider Provider = ExecutionProvider.Cpu, int CudaDevice = 0)
{
    public static InferenceOptions Default { get; } = new();

    internal SessionOptions ToSessionOptions()
    {
        var options = new SessionOptions
        {
            IntraOpNumThreads = IntraOpThreads,
            InterOpNumThreads = 1,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
            EnableMemoryPattern = false,
            // ORT warns about unused initialisers in the BlazeFace files; that is noise to a user, errors are not.
            LogSeverityLevel = OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR,
        };
        options.AddSessionConfigEntry("session.intra_op.allow_spinning", AllowSpinning ? "1" : "0");
        options.AddSessionConfigEntry("session.inter_op.allow_spinning", AllowSpinning ? "1" : "0");
        if (Provider == ExecutionProvider.Cuda) options.AppendExecutionProvider_CUDA(CudaDevice);
        return options;
    }
}
