using System.Runtime.Intrinsics;

namespace EdgeSearch.Core.Inference.Kernels.Int8;

/// <summary>
/// Max-pooling of a channels-last int8 map. Requantization is monotonic, so pooling the int8 values equals
/// quantizing the pooled reals; padding never wins.
/// </summary>
internal static class Int8MaxPool
{
    public static void Run(PoolGeometry pool, ReadOnlySpan<sbyte> input, Span<sbyte> output, bool simd)
    {
        var c = pool.Channels;
        for (var oy = 0; oy < pool.OutHeight; oy++)
        for (var ox = 0; ox < pool.OutWidth; ox++)
        {
            var destination = output.Slice((oy * pool.OutWidth + ox) * c, c);
            destination.Fill(sbyte.MinValue);
            for (var ky = 0; ky < pool.KernelHeight; ky++)
            for (var kx = 0; kx < pool.KernelWidth; kx++)
            {
                var (iy, ix) = (oy * pool.StrideH - pool.PadTop + ky, ox * pool.StrideW - pool.PadLeft + kx);
                if (iy < 0 || iy >= pool.InHeight || ix < 0 || ix >= pool.InWidth) continue;
                Max(input.Slice((iy * pool.InWidth + ix) * c, c), destination, simd);
            }
        }
    }

    private static void Max(ReadOnlySpan<sbyte> source, Span<sbyte> destination, bool simd)
    {
        var j = 0;
        if (simd)
            for (; j + 16 <= source.Length; j += 16)
                Vector128.Max(Vector128.Create(source.Slice(j, 16)), Vector128.Create(destination.Slice(j, 16))).CopyTo(destination[j..]);
        for (; j < source.Length; j++) destination[j] = Math.Max(source[j], destination[j]);
    }
}
