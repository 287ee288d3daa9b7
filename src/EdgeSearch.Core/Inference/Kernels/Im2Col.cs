namespace EdgeSearch.Core.Inference.Kernels;

/// <summary>
/// Lays one group's input windows out as the patch matrix <c>[PatchLength, OutPlane]</c>, zeros where a window
/// reaches into the padding, so the convolution becomes one matrix product.
/// </summary>
internal static class Im2Col
{
    public static void Fill(ConvGeometry g, ReadOnlySpan<float> image, int group, Span<float> patches)
    {
        var plane = g.OutPlane;
        var row = 0;
        for (var ic = 0; ic < g.GroupInChannels; ic++)
        {
            var channel = image.Slice((group * g.GroupInChannels + ic) * g.InPlane, g.InPlane);
            for (var ky = 0; ky < g.KernelHeight; ky++)
            for (var kx = 0; kx < g.KernelWidth; kx++, row++)
            {
                var target = patches.Slice(row * plane, plane);
                // Output columns whose input column lies inside the image.
                var first = Math.Clamp(CeilDiv(g.PadLeft - kx, g.StrideW), 0, g.OutWidth);
                var end = Math.Clamp(FloorDiv(g.InWidth - 1 + g.PadLeft - kx, g.StrideW) + 1, first, g.OutWidth);
                for (var oy = 0; oy < g.OutHeight; oy++)
                {
                    var line = target.Slice(oy * g.OutWidth, g.OutWidth);
                    var y = oy * g.StrideH - g.PadTop + ky;
                    if (y < 0 || y >= g.InHeight || first == end)
                    {
                        line.Clear();
                        continue;
                    }
                    line[..first].Clear();
                    line[end..].Clear();
                    var source = channel.Slice(y * g.InWidth);
                    var x0 = first * g.StrideW - g.PadLeft + kx;
                    if (g.StrideW == 1) source.Slice(x0, end - first).CopyTo(line[first..end]);
                    else for (var ox = first; ox < end; ox++) line[ox] = source[x0 + (ox - first) * g.StrideW];
                }
            }
        }
    }

    private static int CeilDiv(int a, int b) => a <= 0 ? -(-a / b) : (a + b - 1) / b;
    private static int FloorDiv(int a, int b) => a >= 0 ? a / b : -((-a + b - 1) / b);
}
