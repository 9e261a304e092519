using FaceActors.Models.Onnx;
using FaceActors.Models.Tfjs;

namespace FaceActors.Models.TfjsConversion;

/// <summary>TF operators the converter does not translate; the message names every one the model uses.</summary>
public sealed class UnsupportedTfjsOperatorException(IReadOnlyList<string> operators, string modelName)
    : Exception($"The TensorFlow.js model '{modelName}' uses the operator{(operators.Count == 1 ? "" : "s")} {string.Join(", ", operators)}, " +
                "which the FaceActors converter does not support. Supported models are listed in models/README.md; use an ONNX export of this model instead.")
{
    public IReadOnlyList<string> Operators { get; } = operators;
}

/// <summary>A supported operator used in a way the converter does not handle (an input it needs constant, a mask it does not read).</summary>
public sealed class UnsupportedTfjsGraphException(string modelName, string detail)
    : Exception($"The TensorFlow.js model '{modelName}' cannot be converted: {detail}.");

/// <summary>
/// Converts a TensorFlow.js graph model into an ONNX model with the same input and output names. Every ONNX value
/// keeps its TF tensor's layout and type, so TF's shape arithmetic (Shape, StridedSlice, Reshape) carries over as it
/// is; the operators ONNX defines channels-first (Conv, pooling, Resize, DepthToSpace) are wrapped in Transposes,
/// which cancel between consecutive ones here and which ONNX Runtime's transpose optimiser pushes through the
/// element-wise operators between them. Integer subgraphs over constants (the shape computations TF's exporters
/// leave behind) are folded at conversion time.
/// </summary>
public static class TfjsToOnnxConverter
{
    /// <param name="model">The model as <see cref="TfjsReader"/> read it.</param>
    /// <param name="modelName">Used as the ONNX graph name and in error messages.</param>
    /// <returns>The serialised ONNX ModelProto.</returns>
    public static byte[] Convert(TfjsGraphModel model, string modelName)
    {
        var nodesByName = model.Nodes.ToDictionary(n => n.Name);
        var order = TopologicalOrder(model, nodesByName, modelName);
        var constant = ConstantNodes(order);
        var unsupported = order.Where(n => !constant.Contains(n.Name) && n.Op != "Placeholder" && !TfjsOperatorTable.Translates(n.Op))
            .Select(n => n.Op).Distinct().Order(StringComparer.Ordinal).ToList();
        if (unsupported.Count > 0) throw new UnsupportedTfjsOperatorException(unsupported, modelName);

        var graph = new OnnxGraphBuilder(modelName);
        var context = new TfjsConversionContext(modelName, graph);
        foreach (var input in model.Inputs)
        {
            graph.AddInput(input.Name, TfjsConversionContext.OnnxType(input.Type),
                input.Shape.Select(d => d < 0 ? OnnxDimension.Dynamic() : OnnxDimension.Fixed(d)).ToArray());
            context.Define(nodesByName[input.Name], 0, input.Name, input.Type);
        }
        foreach (var node in order)
        {
            if (node.Op == "Placeholder") continue;
            if (node.Op == "Const") context.DefineConstant(node.Name, Weight(model, node, modelName));
            else if (!constant.Contains(node.Name) || !ConstantFolding.TryFold(context, node)) TfjsOperatorTable.Translate(context, node);
        }
        foreach (var output in model.Outputs)
        {
            var value = context.Value(output.Tensor);
            var type = TfjsConversionContext.OnnxType(context.TypeOf(output.Tensor));
            if (value != output.Name) graph.AddNode("Identity", [value], output.Name);
            if (output.Shape is null) graph.AddOutputOfUnknownShape(output.Name, type);
            else graph.AddOutput(output.Name, type, output.Shape.Select(d => d < 0 ? OnnxDimension.Dynamic() : OnnxDimension.Fixed(d)).ToArray());
        }
        return graph.ToBytes();
    }

    private static TfjsTensor Weight(TfjsGraphModel model, TfjsNode node, string modelName)
    {
        if (!model.Weights.TryGetValue(node.Name, out var weight))
            throw new InvalidTfjsModelException(modelName, $"the constant '{node.Name}' has no entry in the weights manifest");
        // TFJS stores every integer weight as int32; the node says what TF meant (int64 shapes, for example).
        var declared = node.Attributes.TryGetValue("dtype", out var dtype) ? TfjsReader.ParseType(dtype.GetProperty("type").GetString()!, modelName) : weight.Type;
        return declared == weight.Type ? weight : weight with { Type = declared };
    }

    /// <summary>Nodes whose value is known at conversion time: the weights, and foldable operators over them.</summary>
    private static HashSet<string> ConstantNodes(IReadOnlyList<TfjsNode> order)
    {
        var constant = new HashSet<string>();
        foreach (var node in order)
            if (node.Op == "Const" || (ConstantFolding.Folds(node.Op) && node.DataInputs.All(i => constant.Contains(NodeOf(i)))))
                constant.Add(node.Name);
        return constant;
    }

    /// <summary>The nodes the outputs depend on, each after its inputs; nodes nothing needs are left out.</summary>
    private static List<TfjsNode> TopologicalOrder(TfjsGraphModel model, Dictionary<string, TfjsNode> nodes, string modelName)
    {
        var order = new List<TfjsNode>();
        var state = new Dictionary<string, bool>(); // false: on the stack, true: done
        var stack = new Stack<(TfjsNode Node, bool Expanded)>();
        foreach (var output in model.Outputs) stack.Push((Lookup(NodeOf(output.Tensor)), false));
        while (stack.TryPop(out var item))
        {
            var (node, expanded) = item;
            if (expanded)
            {
                state[node.Name] = true;
                order.Add(node);
                continue;
            }
            if (state.TryGetValue(node.Name, out var done))
            {
                if (!done) throw new InvalidTfjsModelException(modelName, $"the graph has a cycle through '{node.Name}'");
                continue;
            }
            state[node.Name] = false;
            stack.Push((node, true));
            foreach (var input in node.DataInputs.Reverse())
                if (!state.ContainsKey(NodeOf(input))) stack.Push((Lookup(NodeOf(input)), false));
        }
        return order;

        TfjsNode Lookup(string name) =>
            nodes.TryGetValue(name, out var node) ? node : throw new InvalidTfjsModelException(modelName, $"no node is named '{name}'");
    }

    private static string NodeOf(string tensor) => tensor.Split(':')[0];
}
