using Onnx;

namespace FaceActors.Models.Tests.Support;

/// <summary>Looks inside serialised ONNX models.</summary>
public static class OnnxGraphs
{
    public static ModelProto Parse(byte[] model) => ModelProto.Parser.ParseFrom(model);

    public static int CountNodes(byte[] model, string opType) => Parse(model).Graph.Node.Count(n => n.OpType == opType);
}
