namespace EdgeSearch.Core.Inference.Kernels;

/// <summary>The convolution as its definition reads, then activation and pool as separate passes.</summary>
internal sealed class ReferenceConvKernel(FusedConv conv) : IImageKernel
{
    private readonly ConvGeometry _g = conv.Geometry;

    public int ScratchLength => conv.Pool is null ? 0 : _g.OutChannels * _g.OutPlane;
    public string Path => VectorWidths.Name(null);

    public void Run(ReadOnlySpan<float> image, Span<float> output, Span<float> scratch)
    {
        var g = _g;
        var full = conv.Pool is null ? output[..(g.OutChannels * g.OutPlane)] : scratch[..ScratchLength];
        // Geometry hoisted into locals: the reference stays plain loops but should not crawl in tests.
        var (inH, inW, groupIn, groupOut) = (g.InHeight, g.InWidth, g.GroupInChannels, g.GroupOutChannels);
        var (kh, kw, sh, sw, pt, pl, outH, outW) = (g.KernelHeight, g.KernelWidth, g.StrideH, g.StrideW, g.PadTop, g.PadLeft, g.OutHeight, g.OutWidth);
        var weights = conv.Weights;
        for (var oc = 0; oc < g.OutChannels; oc++)
        {
            var group = oc / groupOut;
            for (var oy = 0; oy < outH; oy++)
            for (var ox = 0; ox < outW; ox++)
            {
                var sum = conv.Bias[oc];
                for (var ic = 0; ic < groupIn; ic++)
                for (var ky = 0; ky < kh; ky++)
                for (var kx = 0; kx < kw; kx++)
                {
                    var y = oy * sh - pt + ky;
                    var x = ox * sw - pl + kx;
                    if (y < 0 || y >= inH || x < 0 || x >= inW) continue;
                    var channel = group * groupIn + ic;
                    sum += image[(channel * inH + y) * inW + x] * weights[((oc * groupIn + ic) * kh + ky) * kw + kx];
                }
                full[(oc * outH + oy) * outW + ox] = sum;
            }
        }
        Activations.Apply(conv.Activation, null, full, full);
        if (conv.Pool is { } pool)
            for (var c = 0; c < pool.Channels; c++)
                PoolKernels.Reference(pool, full.Slice(c * pool.InPlane, pool.InPlane), output.Slice(c * pool.OutPlane, pool.OutPlane));
    }
}
