using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text.Json;
using FaceActors.TestSupport;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace FaceActors.Models.Tests.Support;

/// <summary>
/// The TFJS converter's oracle: the original graph model run by TensorFlow.js's pure-JavaScript CPU backend in
/// Node (tests/oracles/tfjs, pinned by its package-lock.json and installed by test.sh), independent of the
/// converter and of ONNX Runtime.
/// </summary>
public static class TfjsOracle
{
    private static readonly string Folder = Path.Combine(TestPaths.RepositoryRoot, "tests", "oracles", "tfjs");

    /// <summary>Every output (by the model's tensor names) for each input, in order.</summary>
    public static IReadOnlyList<IReadOnlyList<DenseTensor<float>>> Run(string modelJson, IReadOnlyList<string> outputTensors, IReadOnlyList<DenseTensor<float>> inputs)
    {
        if (!File.Exists(Path.Combine(Folder, "node_modules", "@tensorflow", "tfjs-core", "package.json")))
            throw new InvalidOperationException(
                $"The TensorFlow.js oracle is not installed in {Folder}. Run `npm ci --prefix tests/oracles/tfjs` (./test.sh does).");
        var work = Directory.CreateTempSubdirectory("faceactors-tfjs-oracle-");
        try
        {
            var inputFiles = inputs.Select((input, k) =>
            {
                var file = Path.Combine(work.FullName, $"input-{k}.f32");
                File.WriteAllBytes(file, MemoryMarshal.AsBytes(input.Buffer.Span).ToArray());
                return new { file, shape = input.Dimensions.ToArray() };
            }).ToList();
            var requestFile = Path.Combine(work.FullName, "request.json");
            File.WriteAllText(requestFile, JsonSerializer.Serialize(new { model = modelJson, inputs = inputFiles, outputs = outputTensors, outputDirectory = work.FullName }));

            using var node = Process.Start(new ProcessStartInfo("node", [Path.Combine(Folder, "run-graph-model.mjs"), requestFile])
            {
                RedirectStandardOutput = true, RedirectStandardError = true,
            })!;
            var stderr = node.StandardError.ReadToEndAsync();
            node.StandardOutput.ReadToEnd();
            node.WaitForExit();
            if (node.ExitCode != 0) throw new InvalidOperationException($"The TensorFlow.js oracle failed on {modelJson} (exit {node.ExitCode}): {stderr.Result}");

            var shapes = JsonSerializer.Deserialize<int[][][]>(File.ReadAllText(Path.Combine(work.FullName, "shapes.json")))!;
            return shapes.Select((outputShapes, k) => (IReadOnlyList<DenseTensor<float>>)outputShapes.Select((shape, o) =>
                new DenseTensor<float>(MemoryMarshal.Cast<byte, float>(File.ReadAllBytes(Path.Combine(work.FullName, $"{k}.{o}.f32"))).ToArray(), shape)).ToList()).ToList();
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }
}
