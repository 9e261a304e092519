using FaceActors.Models.Conversion;
using FaceActors.Models.Tests.Support;
using FaceActors.Models.Tflite;

namespace FaceActors.Models.Tests.Conversion;

[Collection(ExpoFaceDetectionCollection.Name)]
public sealed class PreluFusionTests(ExpoFaceDetectionPackage package)
{
    [Fact]
    public void Mtcnn_prelu_lowering_is_raised_with_the_mul_constant_as_slope()
    {
        var model = TfliteReader.Read(package.Tflite("pnet"), "pnet");
        var raised = PreluFusion.Apply(model);

        var prelus = raised.Operators.Where(op => op.Code == TfliteBuiltinOperator.PRELU).ToArray();
        Assert.Equal(3, prelus.Length);
        Assert.DoesNotContain(raised.Operators, op => op.Code == TfliteBuiltinOperator.NEG);
        Assert.All(prelus, prelu => Assert.EndsWith("alpha/read", raised.Tensors[prelu.Inputs[1]].Name));
    }

    /// <summary>MobileFaceNet writes PReLU as relu(x) + c·(x − |x|), which is PReLU with slope 2c.</summary>
    [Fact]
    public void Mobilefacenet_prelu_lowering_is_raised_with_twice_the_mul_constant_as_slope()
    {
        var model = TfliteReader.Read(package.Tflite("MobileFaceNet"), "MobileFaceNet");
        var raised = PreluFusion.Apply(model);

        var prelus = raised.Operators.Where(op => op.Code == TfliteBuiltinOperator.PRELU).ToArray();
        Assert.Equal(model.Operators.Count(op => op.Code == TfliteBuiltinOperator.ABS), prelus.Length);
        Assert.DoesNotContain(raised.Operators, op => op.Code is TfliteBuiltinOperator.ABS or TfliteBuiltinOperator.SUB or TfliteBuiltinOperator.MUL);
        foreach (var prelu in prelus)
        {
            var slope = raised.Tensors[prelu.Inputs[1]];
            var mulConstant = model.Tensors.Single(t => t.Name + "_prelu_slope" == slope.Name);
            Assert.Equal(mulConstant.FloatValues().Select(c => 2 * c), slope.FloatValues());
        }
    }

    [Fact]
    public void Models_without_the_lowering_are_left_as_they_are()
    {
        var model = TfliteReader.Read(TinyTfliteModel.WithSingleOperator(TfliteBuiltinOperator.RELU), "tiny");
        Assert.Same(model, PreluFusion.Apply(model));
    }
}
