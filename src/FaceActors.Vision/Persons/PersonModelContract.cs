using FaceActors.Vision.Inference;
using FaceActors.Vision.Preprocessing;

namespace FaceActors.Vision.Persons;

/// <summary>What each family's model must look like, checked once at load with errors that say what to configure.</summary>
internal static class PersonModelContract
{
    /// <summary>Checks the model's input and outputs against the options, and returns the outputs the decoder reads.</summary>
    public static string[] Check(OnnxModel model, PersonDetectorOptions options)
    {
        if (model.Session.InputNames.Count != 1)
            throw new ModelMismatchException(model.Path, $"a person detector has one image input, this model has {model.Session.InputNames.Count}");
        CheckInput(model, options);
        return options.Format switch
        {
            PersonModelFormat.NanoDet => NanoDetOutputs(model),
            PersonModelFormat.CenterNet => [model.OutputName(model.RequireOutput(s => s.Length == 3 && s[2] == 6, "CenterNet's decoded detections [1,100,6]"))],
            PersonModelFormat.BlazePose => [model.OutputName(model.RequireOutput(s => s.Length == 3 && s[2] == 13, "the pose detector's [1,2254,13] output"))],
            _ => [YoloOutput(model, options)],
        };
    }

    private static void CheckInput(OnnxModel model, PersonDetectorOptions options)
    {
        var size = options.InputSize;
        var shape = model.InputShape();
        var nchw = options.Layout == TensorLayout.Nchw;
        if (nchw && shape.Length == 4 && shape[1] >= 0 && shape[1] != 3 && shape[3] == 3)
            throw new ModelMismatchException(model.Path,
                $"input '{model.InputName()}' is [{string.Join(",", shape)}], NHWC; a {options.Format} export is NCHW [1,3,{size},{size}]. Check faceactors.persons.format");
        if (nchw) model.RequireInputShape(0, 1, 3, size, size);
        else model.RequireInputShape(0, 1, size, size, 3);
    }

    private static string YoloOutput(OnnxModel model, PersonDetectorOptions options)
    {
        if (model.Session.OutputNames.Count != 1)
            throw new ModelMismatchException(model.Path,
                $"a {options.Format} export has one output, this model has {model.Session.OutputNames.Count}. Check faceactors.persons.format");
        var rank = model.OutputShape().Length;
        if (rank is not (2 or 3))
            throw new ModelMismatchException(model.Path, $"output '{model.OutputName()}' has rank {rank}; a {options.Format} output is [1,N,5+classes] or [1,4+classes,N]");
        return model.OutputName();
    }

    /// <summary>NanoDet's six outputs: a class-score and a box-distribution output per stride.</summary>
    private static string[] NanoDetOutputs(OnnxModel model)
    {
        if (model.Session.OutputNames.Count != 6)
            throw new ModelMismatchException(model.Path,
                $"a NanoDet model has six outputs (class scores and box distributions for strides 8, 16 and 32), this model has {model.Session.OutputNames.Count}. Check faceactors.persons.format");
        return [.. model.Session.OutputNames];
    }
}
