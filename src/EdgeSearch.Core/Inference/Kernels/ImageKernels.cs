namespace EdgeSearch.Core.Inference.Kernels;

// The one-pass layers. Each takes the vector width its plan chose; null runs the scalar reference.

/// <summary>Pools every channel plane of an image.</summary>
internal sealed class PoolKernel(PoolGeometry pool, VectorWidth? width) : IImageKernel
{
    public int ScratchLength => width is null ? 0 : pool.InWidth;
    public string Path => VectorWidths.Name(width);

    public void Run(ReadOnlySpan<float> image, Span<float> output, Span<float> scratch)
    {
        for (var c = 0; c < pool.Channels; c++)
        {
            var plane = image.Slice(c * pool.InPlane, pool.InPlane);
            var target = output.Slice(c * pool.OutPlane, pool.OutPlane);
            if (width is { } w) PoolKernels.Simd(pool, w, plane, target, scratch);
            else PoolKernels.Reference(pool, plane, target);
        }
    }
}

/// <summary>Averages each channel plane to one value.</summary>
internal sealed class GlobalAveragePoolKernel(int channels, int plane, VectorWidth? width) : IImageKernel
{
    public int ScratchLength => 0;
    public string Path => VectorWidths.Name(width);

    public void Run(ReadOnlySpan<float> image, Span<float> output, Span<float> scratch)
    {
        for (var c = 0; c < channels; c++) output[c] = Elementwise.Sum(width, image.Slice(c * plane, plane)) / plane;
    }
}

/// <summary>Takes each channel plane's largest value.</summary>
internal sealed class GlobalMaxPoolKernel(int channels, int plane, VectorWidth? width) : IImageKernel
{
    public int ScratchLength => 0;
    public string Path => VectorWidths.Name(width);

    public void Run(ReadOnlySpan<float> image, Span<float> output, Span<float> scratch)
    {
        for (var c = 0; c < channels; c++) output[c] = Elementwise.Max(width, image.Slice(c * plane, plane));
    }
}

/// <summary>A standalone activation (one not fused into a convolution).</summary>
internal sealed class ActivationKernel(Activation activation, int length, VectorWidth? width) : IImageKernel
{
    public int ScratchLength => 0;
    public string Path => VectorWidths.Name(width);

    public void Run(ReadOnlySpan<float> image, Span<float> output, Span<float> scratch) =>
        Activations.Apply(activation, width, image[..length], output[..length]);
}

/// <summary><see cref="Dense"/> over each of an image's rows (one row for a flattened feature vector).</summary>
internal sealed class DenseKernel(Dense dense, int rows, VectorWidth? width) : IImageKernel
{
    public int ScratchLength => 0;
    public string Path => VectorWidths.Name(width);

    public void Run(ReadOnlySpan<float> image, Span<float> output, Span<float> scratch)
    {
        for (var r = 0; r < rows; r++)
            dense.Run(image.Slice(r * dense.Inputs, dense.Inputs), output.Slice(r * dense.Outputs, dense.Outputs), width);
    }
}

internal sealed class LpNormalizationKernel(LpNormalization norm, VectorWidth? width) : IImageKernel
{
    public int ScratchLength => 0;
    public string Path => VectorWidths.Name(width);

    public void Run(ReadOnlySpan<float> image, Span<float> output, Span<float> scratch) => norm.Run(image, output, width);
}
