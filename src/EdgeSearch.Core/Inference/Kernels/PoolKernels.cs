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
    /// Reduces the window's rows into <paramref name="row"/> with whole-vector max/add, then its columns with scalars;
    /// <paramref name="row"/> holds one input row.
    /// </summary>
    public static void Simd(PoolGeometry g, ReadOnlySpan<float> plane, Span<float> output, Span<float> row)
    {
        var width = g.InWidth;
        row = row[..width];
        for (var oy = 0; oy < g.OutHeight; oy++)
        {
            var top = Math.Max(oy * g.StrideH - g.PadTop, 0);
            var bottom = Math.Min(oy * g.StrideH - g.PadTop + g.KernelHeight, g.InHeight);
            plane.Slice(top * width, width).CopyTo(row);
            for (var y = top + 1; y < bottom; y++)
            {
                var next = plane.Slice(y * width, width);
                if (g.Kind == PoolKind.Max) Elementwise.Transform<MaxOperator>(row, next, row);
                else Elementwise.Transform<AddOperator>(row, next, row);
            }
            var outRow = output.Slice(oy * g.OutWidth, g.OutWidth);
            for (var ox = 0; ox < outRow.Length; ox++)
            {
                var left = Math.Max(ox * g.StrideW - g.PadLeft, 0);
                var right = Math.Min(ox * g.StrideW - g.PadLeft + g.KernelWidth, width);
                var acc = row[left];
                for (var x = left + 1; x < right; x++) acc = g.Kind == PoolKind.Max ? MathF.Max(acc, row[x]) : acc + row[x];
                outRow[ox] = g.Kind == PoolKind.Max ? acc
                    : acc / (g.CountIncludePad ? g.KernelHeight * g.KernelWidth : (bottom - top) * (right - left));
            }
        }
    }
}
