using Microsoft.ML.OnnxRuntime;

namespace FaceActors.Vision.Inference;

/// <summary>Where ONNX Runtime runs the models (faceactors.inference.provider).</summary>
public enum ExecutionProvider
{
    Cpu,
    /// <summary>An NVIDIA GPU through ONNX Runtime's CUDA execution provider; operators it lacks stay on the CPU.</summary>
    Cuda,
}

/// <summary>
/// Whether this process's ONNX Runtime can run models on a GPU. The default build carries the CPU runtime only, so
/// that neither it nor the tests ever need CUDA; a GPU build swaps in Microsoft.ML.OnnxRuntime.Gpu.Linux
/// (`-p:OnnxRuntimeGpu=true`), which still needs NVIDIA's CUDA 13 and cuDNN 9 libraries and a GPU at run time.
/// </summary>
public static class GpuSupport
{
    /// <summary>Null when sessions can use CUDA device <paramref name="device"/>; otherwise ONNX Runtime's reason, for the log.</summary>
    public static string? WhyCudaIsUnavailable(int device)
    {
        try
        {
            using var options = new SessionOptions();
            // Appending loads the CUDA provider's library and, through it, CUDA's: the failure a session would meet.
            options.AppendExecutionProvider_CUDA(device);
            return null;
        }
        catch (Exception e) when (e is OnnxRuntimeException or DllNotFoundException or EntryPointNotFoundException)
        {
            return e.Message.Trim();
        }
    }
}
