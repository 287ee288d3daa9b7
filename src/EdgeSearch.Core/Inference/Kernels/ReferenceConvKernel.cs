namespace EdgeSearch.Core.Inference.Kernels;

/// <summary>The convolution as its definition reads, then activation and pool as separate passes.</summary>
internal sealed class ReferenceConvKernel(FusedConv conv) : IImageKernel
{
    private readonly ConvGeometry _g = conv.Geometry;

    public int ScratchLength => conv.Pool is null ? 0 : _g.OutChannels * _g.OutPlane;

    public void Run(ReadOnlySpan<float> image, Span<float> output, Span<float> scratch)
    {
        var g = _g;
        var full = conv.Pool is null ? output[..(g.OutChannels * g.OutPlane)] : scratch[..ScratchLength];
        for (var oc = 0; oc < g.OutChannels; oc++)
        {
            var group = oc / g.GroupOutChannels;
            for (var oy = 0; oy < g.OutHeight; oy++)
            for (var ox = 0; ox < g.OutWidth; ox++)
            {
                var sum = conv.Bias[oc];
                for (var ic = 0; ic < g.GroupInChannels; ic++)
                for (var ky = 0; ky < g.KernelHeight; ky++)
                for (var kx = 0; kx < g.KernelWidth; kx++)
                {
                    var y = oy * g.StrideH - g.PadTop + ky;
                    var x = ox * g.StrideW - g.PadLeft + kx;
                    if (y < 0 || y >= g.InHeight || x < 0 || x >= g.InWidth) continue;
                    var channel = group * g.GroupInChannels + ic;
                    sum += image[(channel * g.InHeight + y) * g.InWidth + x]
                        * conv.Weights[((oc * g.GroupInChannels + ic) * g.KernelHeight + ky) * g.KernelWidth + kx];
                }
                full[(oc * g.OutHeight + oy) * g.OutWidth + ox] = sum;
            }
        }
        Activations.ApplyReference(conv.Activation, full, full);
        if (conv.Pool is { } pool)
            for (var c = 0; c < pool.Channels; c++)
                PoolKernels.Reference(pool, full.Slice(c * pool.InPlane, pool.InPlane), output.Slice(c * pool.OutPlane, pool.OutPlane));
    }
}
