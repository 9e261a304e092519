using FaceActors.Models.Onnx;
using DataType = Onnx.TensorProto.Types.DataType;

namespace FaceActors.Recognition.Siamese;

/// <summary>
/// Writes a <see cref="SiameseHead"/> as an ONNX graph with the project's graph builder (the one the TFLite
/// converter uses). Inputs <c>probe</c> [P, d] and <c>reference</c> [N, d] broadcast like numpy, so the matcher
/// scores one face against N references in one call (P = 1) and a test scores N pairs (P = N). Output
/// <c>similarity</c> [N] in 0..1.
/// </summary>
public static class SiameseHeadOnnx
{
    public const string ProbeInput = "probe";
    public const string ReferenceInput = "reference";
    public const string SimilarityOutput = "similarity";

    public static byte[] Export(SiameseHead head)
    {
        var d = head.Dimension;
        var graph = new OnnxGraphBuilder("siamese_head");
        var probe = graph.AddInput(ProbeInput, DataType.Float, OnnxDimension.Dynamic("probes"), d);
        var reference = graph.AddInput(ReferenceInput, DataType.Float, OnnxDimension.Dynamic("pairs"), d);

        var scale = graph.AddInitializer("input_scale", [head.InputScale], []);
        var scaledProbe = graph.AddNode("Mul", [probe, scale], "probe_scaled");
        var scaledReference = graph.AddNode("Mul", [reference, scale], "reference_scaled");
        var difference = graph.AddNode("Abs", [graph.AddNode("Sub", [scaledProbe, scaledReference], "difference_signed")], "difference");
        var product = graph.AddNode("Mul", [scaledProbe, scaledReference], "product");
        var features = graph.AddNode("Concat", [difference, product], "features", OnnxAttribute.Int("axis", 1));

        var hidden = graph.AddNode("Relu", [graph.AddNode("Gemm",
            [features, graph.AddInitializer("w1", head.W1, head.Hidden, head.FeatureLength), graph.AddInitializer("b1", head.B1, head.Hidden)],
            "hidden_linear", OnnxAttribute.Int("transB", 1))], "hidden");
        // The mean of the scaled product is the cosine of the two unit embeddings (the head's skip input).
        var cosine = graph.AddNode("MatMul", [product, graph.AddInitializer("mean_column", Enumerable.Repeat(1f / d, d).ToArray(), d, 1)], "cosine");
        var output = graph.AddNode("Concat", [hidden, cosine], "output_inputs", OnnxAttribute.Int("axis", 1));
        var logit = graph.AddNode("Gemm",
            [output, graph.AddInitializer("w2", head.W2, 1, head.Hidden + 1), graph.AddInitializer("b2", [head.B2], 1)],
            "logit", OnnxAttribute.Int("transB", 1));
        var similarity = graph.AddNode("Sigmoid", [logit], "similarity_column");
        graph.AddNode("Reshape", [similarity, graph.AddInitializer("flat", [-1L], 1)], SimilarityOutput);
        graph.AddOutput(SimilarityOutput, DataType.Float, OnnxDimension.Dynamic("pairs"));
        return graph.ToBytes();
    }
}
