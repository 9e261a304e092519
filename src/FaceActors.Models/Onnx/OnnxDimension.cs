namespace FaceActors.Models.Onnx;

/// <summary>One dimension of a graph input or output: a fixed size, a named dynamic size, or an unnamed dynamic one.</summary>
public readonly record struct OnnxDimension(long? Size, string? Name)
{
    public static OnnxDimension Fixed(long size) => new(size, null);

    /// <summary>A dynamic dimension; inputs and outputs that share a name must agree on its size at run time.</summary>
    public static OnnxDimension Dynamic(string? name = null) => new(null, name);

    public static implicit operator OnnxDimension(long size) => Fixed(size);
}
