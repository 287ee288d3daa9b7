namespace EdgeSearch.Core.Inference.Kernels;

/// <summary>Pools every channel plane of an image.</summary>
internal sealed class PoolKernel(PoolGeometry pool, bool simd) : IImageKernel
{
    public int ScratchLength => simd ? pool.InWidth : 0;

    public void Run(ReadOnlySpan<float> image, Span<float> output, Span<float> scratch)
    {
        for (var c = 0; c < pool.Channels; c++)
        {
            var plane = image.Slice(c * pool.InPlane, pool.InPlane);
            var target = output.Slice(c * pool.OutPlane, pool.OutPlane);
            if (simd) PoolKernels.Simd(pool, plane, target, scratch);
            else PoolKernels.Reference(pool, plane, target);
        }
    }
}

/// <summary>Averages each channel plane to one value.</summary>
internal sealed class GlobalAveragePoolKernel(int channels, int plane, bool simd) : IImageKernel
{
    public int ScratchLength => 0;

    public void Run(ReadOnlySpan<float> image, Span<float> output, Span<float> scratch)
    {
        for (var c = 0; c < channels; c++)
        {
            var values = image.Slice(c * plane, plane);
            output[c] = (simd ? Elementwise.Sum(values) : Elementwise.SumScalar(values)) / plane;
        }
    }
}

/// <summary>A standalone activation (one not fused into a convolution).</summary>
internal sealed class ActivationKernel(Activation activation, int length, bool simd) : IImageKernel
{
    public int ScratchLength => 0;

    public void Run(ReadOnlySpan<float> image, Span<float> output, Span<float> scratch)
    {
        if (simd) Activations.Apply(activation, image[..length], output[..length]);
        else Activations.ApplyReference(activation, image[..length], output[..length]);
    }
}

/// <summary><see cref="Dense"/> over each of an image's rows (one row for a flattened feature vector).</summary>
internal sealed class DenseKernel(Dense dense, int rows, bool simd) : IImageKernel
{
    public int ScratchLength => 0;

    public void Run(ReadOnlySpan<float> image, Span<float> output, Span<float> scratch)
    {
        for (var r = 0; r < rows; r++)
            dense.Run(image.Slice(r * dense.Inputs, dense.Inputs), output.Slice(r * dense.Outputs, dense.Outputs), simd);
    }
}

internal sealed class LpNormalizationKernel(LpNormalization norm, bool simd) : IImageKernel
{
    public int ScratchLength => 0;

    public void Run(ReadOnlySpan<float> image, Span<float> output, Span<float> scratch) => norm.Run(image, output, simd);
}
