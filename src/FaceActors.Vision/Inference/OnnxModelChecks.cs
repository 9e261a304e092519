namespace FaceActors.Vision.Inference;

/// <summary>
/// Finds a model's outputs by shape rather than by name: exports of the same network (a TFLite conversion,
/// a Keras export) name and order their outputs differently but agree on the shapes.
/// </summary>
public static class OnnxModelChecks
{
    /// <summary>
    /// The index of the one output whose declared shape satisfies <paramref name="matches"/>; otherwise a
    /// <see cref="ModelMismatchException"/> that names <paramref name="description"/>.
    /// </summary>
    public static int RequireOutput(this OnnxModel model, Func<int[], bool> matches, string description)
    {
        var found = Enumerable.Range(0, model.Session.OutputNames.Count).Where(i => matches(model.OutputShape(i))).ToList();
        if (found.Count == 1) return found[0];
        var shapes = string.Join(", ", Enumerable.Range(0, model.Session.OutputNames.Count)
            .Select(i => $"'{model.OutputName(i)}' [{string.Join(",", model.OutputShape(i))}]"));
        throw new ModelMismatchException(model.Path,
            $"expected exactly one output that is {description}, found {found.Count} among {shapes}");
    }

    /// <summary>An output of the given rank whose last dimension is <paramref name="size"/>.</summary>
    public static int RequireOutputEndingIn(this OnnxModel model, int rank, int size, string description) =>
        model.RequireOutput(s => s.Length == rank && s[^1] == size, $"{description} (rank {rank}, last dimension {size})");
}
