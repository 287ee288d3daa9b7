namespace EdgeSearch.Core.Inference.Kernels;

/// <summary>An activation a kernel can apply as the last step of its own pass.</summary>
internal enum Activation
{
    None,
    Relu,
    Gelu,
}

internal static class Activations
{
    /// <summary>
    /// destination = activation(source) at <paramref name="width"/> (null: the scalar reference); the spans may be
    /// the same memory.
    /// </summary>
    public static void Apply(Activation activation, VectorWidth? width, ReadOnlySpan<float> source, Span<float> destination)
    {
        if (activation == Activation.Relu) Elementwise.Transform<ReluOperator>(width, source, destination);
        else if (activation == Activation.Gelu) Elementwise.Transform<GeluOperator>(width, source, destination);
        else if (!source.Overlaps(destination)) source.CopyTo(destination);
    }
}
