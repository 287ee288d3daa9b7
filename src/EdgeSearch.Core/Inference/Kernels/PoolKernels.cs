namespace EdgeSearch.Core.Inference.Kernels;

/// <summary>Pooling of one channel plane: the reference visits each window; the SIMD form reduces rows first.</summary>
internal static class PoolKernels
{
    public static void Reference(PoolGeometry g, ReadOnlySpan<float> plane, Span<float> output)
    {
        for (var oy = 0; oy < g.OutHeight; oy++)
        for (var ox = 0; ox < g.OutWidth; ox++)
        {
            var max = float.NegativeInfinity;
            var sum = 0f;
            var count = 0;
            for (var ky = 0; ky < g.KernelHeight; ky++)
            for (var kx = 0; kx < g.KernelWidth; kx++)
            {
                var y = oy * g.StrideH - g.PadTop + ky;
                var x = ox * g.StrideW - g.PadLeft + kx;
                if (y < 0 || y >= g.InHeight || x < 0 || x >= g.InWidth) continue;
                var v = plane[y * g.InWidth + x];
                max = MathF.Max(max, v);
                sum += v;
                count++;
            }
            output[oy * g.OutWidth + ox] = g.Kind == PoolKind.Max ? max : sum / (g.CountIncludePad ? g.KernelHeight * g.KernelWidth : count);
        }
    }

    /// <summary>
    /// Reduces the window's rows into <paramref name="row"/> with whole-vector max/add at <paramref name="width"/>,
    /// then its columns with scalars; <paramref name="row"/> holds one input row.
    /// </summary>
    public static void Simd(PoolGeometry g, VectorWidth width, ReadOnlySpan<float> plane, Span<float> output, Span<float> row)
    {
        if (g.Kind == PoolKind.Max) Simd<MaxOperator>(g, width, plane, output, row);
        else Simd<AddOperator>(g, width, plane, output, row);
    }

    private static void Simd<TOp>(PoolGeometry g, VectorWidth width, ReadOnlySpan<float> plane, Span<float> output, Span<float> row) where TOp : IBinaryOperator
    {
        var (inWidth, height, outWidth, kh, kw, sh, sw, pt, pl) =
            (g.InWidth, g.InHeight, g.OutWidth, g.KernelHeight, g.KernelWidth, g.StrideH, g.StrideW, g.PadTop, g.PadLeft);
        var average = g.Kind == PoolKind.Average;
        row = row[..inWidth];
        for (var oy = 0; oy < g.OutHeight; oy++)
        {
            var top = Math.Max(oy * sh - pt, 0);
            var bottom = Math.Min(oy * sh - pt + kh, height);
            ReadOnlySpan<float> rows = plane.Slice(top * inWidth, inWidth);
            for (var y = top + 1; y < bottom; y++)
            {
                Elementwise.Transform<TOp>(width, rows, plane.Slice(y * inWidth, inWidth), row);
                rows = row;
            }
            var outRow = output.Slice(oy * outWidth, outWidth);
            for (var ox = 0; ox < outRow.Length; ox++)
            {
                var left = Math.Max(ox * sw - pl, 0);
                var right = Math.Min(ox * sw - pl + kw, inWidth);
                var acc = rows[left];
                for (var x = left + 1; x < right; x++) acc = TOp.Invoke(acc, rows[x]);
                outRow[ox] = !average ? acc : acc / (g.CountIncludePad ? kh * kw : (bottom - top) * (right - left));
            }
        }
    }
}
