using System.Runtime.InteropServices;
using FaceActors.Models.Tflite;

namespace FaceActors.Models.Conversion;

/// <summary>
/// The old TOCO converter lowered PReLU into five elementwise operators, each a full pass over the
/// activation. This pass raises them back into one TFLite PRELU (y = x for x ≥ 0, slope·x below), which
/// ONNX Runtime runs as a single PRelu. Both lowerings it recognises give the same bits as PRelu:
/// <list type="bullet">
/// <item>MTCNN: relu(x) + c·(−relu(−x)), slope c;</item>
/// <item>MobileFaceNet: relu(x) + c·(x − |x|), slope 2c (x − |x| is exactly 2x below zero).</item>
/// </list>
/// Intermediate tensors that anything else reads are left alone, and so is the whole pattern.
/// </summary>
internal static class PreluFusion
{
    public static TfliteModel Apply(TfliteModel model)
    {
        var producer = new Dictionary<int, int>();
        var readers = new Dictionary<int, int>();
        for (var i = 0; i < model.Operators.Count; i++)
        {
            foreach (var output in model.Operators[i].Outputs) producer[output] = i;
            foreach (var input in model.Operators[i].Inputs.Where(t => t >= 0)) readers[input] = readers.GetValueOrDefault(input) + 1;
        }
        foreach (var output in model.Outputs) readers[output] = readers.GetValueOrDefault(output) + 1;

        var tensors = model.Tensors.ToList();
        var fused = new Dictionary<int, TfliteOperator>();
        var absorbed = new HashSet<int>();
        var matcher = new Matcher(model, producer, readers);
        for (var i = 0; i < model.Operators.Count; i++)
        {
            if (matcher.Match(i) is not { } match) continue;
            var slope = match.SlopeScale == 1 ? match.Slope : AddScaledSlope(tensors, model.Tensors[match.Slope], match.SlopeScale);
            fused[i] = new TfliteOperator(TfliteBuiltinOperator.PRELU, [match.Input, slope], model.Operators[i].Outputs, default);
            absorbed.UnionWith(match.Operators);
        }
        if (fused.Count == 0) return model;

        var operators = model.Operators
            .Select((op, i) => fused.TryGetValue(i, out var prelu) ? prelu : op)
            .Where((_, i) => fused.ContainsKey(i) || !absorbed.Contains(i))
            .ToArray();
        return model with { Tensors = tensors, Operators = operators };
    }

    private static int AddScaledSlope(List<TfliteTensor> tensors, TfliteTensor slope, float scale)
    {
        var values = Array.ConvertAll(slope.FloatValues(), v => v * scale);
        var data = MemoryMarshal.AsBytes(values.AsSpan()).ToArray();
        tensors.Add(new TfliteTensor(tensors.Count, slope.Name + "_prelu_slope", TfliteTensorType.Float32, slope.Shape, slope.Shape, data));
        return tensors.Count - 1;
    }

    private sealed record Match(int Input, int Slope, float SlopeScale, int[] Operators);

    private sealed class Matcher(TfliteModel model, Dictionary<int, int> producer, Dictionary<int, int> readers)
    {
        /// <summary>Matches the pattern that ends in the ADD at <paramref name="addIndex"/>.</summary>
        public Match? Match(int addIndex)
        {
            var add = model.Operators[addIndex];
            if (!IsPlain(add, TfliteBuiltinOperator.ADD)) return null;
            foreach (var (reluOut, mulOut) in new[] { (add.Inputs[0], add.Inputs[1]), (add.Inputs[1], add.Inputs[0]) })
            {
                if (Private(reluOut, TfliteBuiltinOperator.RELU) is not { } relu) continue;
                if (Private(mulOut, TfliteBuiltinOperator.MUL) is not { } mul) continue;
                var x = model.Operators[relu].Inputs[0];
                var mulInputs = model.Operators[mul].Inputs;
                var (slope, negative) = model.Tensors[mulInputs[0]].IsConstant ? (mulInputs[0], mulInputs[1]) : (mulInputs[1], mulInputs[0]);
                if (!IsPerChannelSlope(slope, x)) continue;
                if (MatchNegatedRelu(negative, x) is { } negatedRelu)
                    return new Match(x, slope, 1f, [relu, mul, .. negatedRelu]);
                if (MatchDifferenceWithAbs(negative, x) is { } difference)
                    return new Match(x, slope, 2f, [relu, mul, .. difference]);
            }
            return null;
        }

        // −relu(−x): NEG(RELU(NEG(x))).
        private int[]? MatchNegatedRelu(int tensor, int x) =>
            Private(tensor, TfliteBuiltinOperator.NEG) is { } outerNeg
            && Private(model.Operators[outerNeg].Inputs[0], TfliteBuiltinOperator.RELU) is { } innerRelu
            && Private(model.Operators[innerRelu].Inputs[0], TfliteBuiltinOperator.NEG) is { } innerNeg
            && model.Operators[innerNeg].Inputs[0] == x
                ? [outerNeg, innerRelu, innerNeg]
                : null;

        // x − |x|: SUB(x, ABS(x)).
        private int[]? MatchDifferenceWithAbs(int tensor, int x) =>
            Private(tensor, TfliteBuiltinOperator.SUB) is { } sub
            && model.Operators[sub].Inputs[0] == x
            && Private(model.Operators[sub].Inputs[1], TfliteBuiltinOperator.ABS) is { } abs
            && model.Operators[abs].Inputs[0] == x
                ? [sub, abs]
                : null;

        /// <summary>The operator producing <paramref name="tensor"/>, if it is <paramref name="code"/> without a fused activation and nothing else reads its output.</summary>
        private int? Private(int tensor, TfliteBuiltinOperator code) =>
            producer.TryGetValue(tensor, out var op) && IsPlain(model.Operators[op], code) && readers.GetValueOrDefault(tensor) == 1 ? op : null;

        private bool IsPlain(TfliteOperator op, TfliteBuiltinOperator code) =>
            op.Code == code && op.Outputs.Length == 1
            && (code is not (TfliteBuiltinOperator.ADD or TfliteBuiltinOperator.SUB or TfliteBuiltinOperator.MUL)
                || ArithmeticOptions.Read(op.Options).Activation == TfliteActivation.None);

        // A float constant with one value per channel (the last axis), so it broadcasts like PReLU's slope.
        private bool IsPerChannelSlope(int slope, int x)
        {
            var tensor = model.Tensors[slope];
            var channels = model.Tensors[x].Shape[^1];
            return tensor.IsConstant && tensor.Type is TfliteTensorType.Float32 or TfliteTensorType.Float16
                && tensor.Shape.Length >= 1 && tensor.Shape[^1] == channels && tensor.Shape.SkipLast(1).All(d => d == 1)
                && tensor.Shape.Length <= model.Tensors[x].Rank;
        }
    }
}
