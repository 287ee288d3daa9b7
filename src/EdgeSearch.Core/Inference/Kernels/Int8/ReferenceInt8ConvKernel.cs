namespace EdgeSearch.Core.Inference.Kernels.Int8;

/// <summary>The scalar reference: Σ (x − zero point)·w straight from the channels-last image, padding contributing nothing.</summary>
internal sealed class ReferenceInt8ConvKernel(Int8Conv conv) : Int8ConvKernel(conv, width: null, IntraOpThreads.None)
{
    public override string Path => $"int8 scalar reference, {Epilogue}";
    protected override int AccumulatorStride => Conv.Geometry.GroupOutChannels;
    protected override int ImageBytes => 0;
    protected override int[] Offsets => Conv.Bias;

    protected override void Accumulate(ReadOnlySpan<sbyte> image, int group, ReadOnlySpan<byte> scratch, Span<byte> own, Span<int> acc, int start, int end)
    {
        var g = Conv.Geometry;
        var (cg, m) = (g.GroupInChannels, g.GroupOutChannels);
        var zero = Conv.Input.ZeroPoint;
        for (var p = start; p < end; p++)
        for (var j = 0; j < m; j++)
        {
            var (oy, ox) = (p / g.OutWidth, p % g.OutWidth);
            var sum = 0;
            var oc = group * m + j;
            for (var ky = 0; ky < g.KernelHeight; ky++)
            for (var kx = 0; kx < g.KernelWidth; kx++)
            {
                var (iy, ix) = (oy * g.StrideH - g.PadTop + ky, ox * g.StrideW - g.PadLeft + kx);
                if (iy < 0 || iy >= g.InHeight || ix < 0 || ix >= g.InWidth) continue;
                for (var c = 0; c < cg; c++)
                {
                    var x = image[(iy * g.InWidth + ix) * g.InChannels + group * cg + c];
                    sum += (x - zero) * Conv.Weights[((oc * cg + c) * g.KernelHeight + ky) * g.KernelWidth + kx];
                }
            }
            acc[(oy * g.OutWidth + ox) * m + j] = sum;
        }
    }
}
