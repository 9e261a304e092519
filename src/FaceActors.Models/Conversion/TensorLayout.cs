namespace FaceActors.Models.Conversion;

/// <summary>
/// How a converted 4-D activation is laid out. TFLite is NHWC throughout; the converted graph keeps 4-D
/// activations channels-first (NCHW) so that ONNX Runtime's Conv and pooling kernels run without a
/// Transpose around each of them. Tensors of any other rank keep TFLite's layout.
/// </summary>
internal enum TensorLayout
{
    Tflite,
    ChannelsFirst,
}

/// <summary>The NHWC ↔ NCHW permutations and the arithmetic that follows from them.</summary>
internal static class ChannelsFirst
{
    /// <summary>Transpose perm from NHWC to NCHW; also OHWI → OIHW for Conv weights.</summary>
    public static readonly long[] FromNhwc = [0, 3, 1, 2];

    /// <summary>Transpose perm from NCHW back to NHWC.</summary>
    public static readonly long[] ToNhwc = [0, 2, 3, 1];

    /// <summary>Where an NHWC axis lives in NCHW (channels 3 → 1, height 1 → 2, width 2 → 3).</summary>
    public static int Axis(int nhwcAxis) => (int)ToNhwc[nhwcAxis];

    /// <summary>
    /// True when an NHWC tensor of this shape has the same element order as its NCHW form, so a Reshape
    /// may read the NCHW tensor directly: the batch and the non-unit dimensions come in the same order
    /// (for example [N,1,1,C], the end of MobileFaceNet).
    /// </summary>
    public static bool SharesElementOrder(int[] nhwcShape)
    {
        var nhwcOrder = new[] { 1, 2, 3 }.Where(a => nhwcShape[a] != 1);
        var nchwOrder = new[] { 3, 1, 2 }.Where(a => nhwcShape[a] != 1);
        return nhwcOrder.SequenceEqual(nchwOrder);
    }

    /// <summary>Permutes a dense row-major array: result dimension i is source dimension perm[i].</summary>
    public static T[] Permute<T>(ReadOnlySpan<T> data, int[] shape, long[] perm)
    {
        var rank = shape.Length;
        var sourceStrides = new int[rank];
        for (int i = rank - 1, stride = 1; i >= 0; stride *= shape[i], i--) sourceStrides[i] = stride;
        var resultShape = perm.Select(p => shape[p]).ToArray();
        var resultStrides = perm.Select(p => sourceStrides[p]).ToArray();

        var result = new T[data.Length];
        var index = new int[rank];
        for (var r = 0; r < result.Length; r++)
        {
            var source = 0;
            for (var d = 0; d < rank; d++) source += index[d] * resultStrides[d];
            result[r] = data[source];
            for (var d = rank - 1; d >= 0 && ++index[d] == resultShape[d]; d--) index[d] = 0;
        }
        return result;
    }
}
