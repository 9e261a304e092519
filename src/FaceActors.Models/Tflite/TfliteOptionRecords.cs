namespace FaceActors.Models.Tflite;

// One record per builtin options table the converter reads. Field ids are the schema's (the n-th field
// declared in the table, counting a union as two: its type and its value).

/// <summary>Conv2DOptions: padding 0, stride_w 1, stride_h 2, fused_activation_function 3, dilation_w_factor 4, dilation_h_factor 5.</summary>
public sealed record Conv2DOptions(TflitePadding Padding, int StrideW, int StrideH, TfliteActivation Activation, int DilationW, int DilationH)
{
    public static Conv2DOptions Read(TfliteOptions o) =>
        new((TflitePadding)o.Sbyte(0), o.Int(1), o.Int(2), (TfliteActivation)o.Sbyte(3), o.Int(4, 1), o.Int(5, 1));
}

/// <summary>DepthwiseConv2DOptions: padding 0, stride_w 1, stride_h 2, depth_multiplier 3, fused_activation_function 4, dilation_w_factor 5, dilation_h_factor 6.</summary>
public sealed record DepthwiseConv2DOptions(TflitePadding Padding, int StrideW, int StrideH, int DepthMultiplier, TfliteActivation Activation, int DilationW, int DilationH)
{
    public static DepthwiseConv2DOptions Read(TfliteOptions o) =>
        new((TflitePadding)o.Sbyte(0), o.Int(1), o.Int(2), o.Int(3), (TfliteActivation)o.Sbyte(4), o.Int(5, 1), o.Int(6, 1));
}

/// <summary>Pool2DOptions: padding 0, stride_w 1, stride_h 2, filter_width 3, filter_height 4, fused_activation_function 5.</summary>
public sealed record Pool2DOptions(TflitePadding Padding, int StrideW, int StrideH, int FilterW, int FilterH, TfliteActivation Activation)
{
    public static Pool2DOptions Read(TfliteOptions o) =>
        new((TflitePadding)o.Sbyte(0), o.Int(1), o.Int(2), o.Int(3), o.Int(4), (TfliteActivation)o.Sbyte(5));
}

/// <summary>FullyConnectedOptions: fused_activation_function 0, weights_format 1, keep_num_dims 2.</summary>
public sealed record FullyConnectedOptions(TfliteActivation Activation, sbyte WeightsFormat, bool KeepNumDims)
{
    public static FullyConnectedOptions Read(TfliteOptions o) => new((TfliteActivation)o.Sbyte(0), o.Sbyte(1), o.Bool(2));
}

/// <summary>
/// The options of ADD, SUB, MUL and DIV (AddOptions, SubOptions, MulOptions, DivOptions): each declares
/// fused_activation_function as field 0.
/// </summary>
public sealed record ArithmeticOptions(TfliteActivation Activation)
{
    public static ArithmeticOptions Read(TfliteOptions o) => new((TfliteActivation)o.Sbyte(0));
}

/// <summary>ReducerOptions: keep_dims 0.</summary>
public sealed record ReducerOptions(bool KeepDims)
{
    public static ReducerOptions Read(TfliteOptions o) => new(o.Bool(0));
}

/// <summary>ReshapeOptions: new_shape 0 (older converters store the target here instead of in a second input).</summary>
public sealed record ReshapeOptions(int[] NewShape)
{
    public static ReshapeOptions Read(TfliteOptions o) => new(o.IntVector(0));
}

/// <summary>LeakyReluOptions: alpha 0.</summary>
public sealed record LeakyReluOptions(float Alpha)
{
    public static LeakyReluOptions Read(TfliteOptions o) => new(o.Float(0));
}

/// <summary>ConcatenationOptions: axis 0, fused_activation_function 1.</summary>
public sealed record ConcatenationOptions(int Axis, TfliteActivation Activation)
{
    public static ConcatenationOptions Read(TfliteOptions o) => new(o.Int(0), (TfliteActivation)o.Sbyte(1));
}

/// <summary>StridedSliceOptions: begin_mask 0, end_mask 1, ellipsis_mask 2, new_axis_mask 3, shrink_axis_mask 4, offset 5.</summary>
public sealed record StridedSliceOptions(int BeginMask, int EndMask, int EllipsisMask, int NewAxisMask, int ShrinkAxisMask, bool Offset)
{
    public static StridedSliceOptions Read(TfliteOptions o) =>
        new(o.Int(0), o.Int(1), o.Int(2), o.Int(3), o.Int(4), o.Bool(5));
}
