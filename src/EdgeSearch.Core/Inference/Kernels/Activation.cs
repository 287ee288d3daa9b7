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
    /// <summary>destination = activation(source); the spans may be the same memory.</summary>
    public static void Apply(Activation activation, ReadOnlySpan<float> source, Span<float> destination)
    {
        if (activation == Activation.Relu) Elementwise.Transform<ReluOperator>(source, destination);
        else if (activation == Activation.Gelu) Elementwise.Transform<GeluOperator>(source, destination);
        else if (!source.Overlaps(destination)) source.CopyTo(destination);
    }

    public static void ApplyReference(Activation activation, ReadOnlySpan<float> source, Span<float> destination)
    {
        if (activation == Activation.Relu) Elementwise.TransformScalar<ReluOperator>(source, destination);
        else if (activation == Activation.Gelu) Elementwise.TransformScalar<GeluOperator>(source, destination);
        else if (!source.Overlaps(destination)) source.CopyTo(destination);
    }
}
