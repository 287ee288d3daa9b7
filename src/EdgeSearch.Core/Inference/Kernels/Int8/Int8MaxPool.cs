using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
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
        if (input.Length < pool.InPlane * c || output.Length < pool.OutPlane * c)
            throw new ArgumentException($"A {pool.InHeight}×{pool.InWidth}×{c} map pooled to {pool.OutHeight}×{pool.OutWidth} does not fit {input.Length} and {output.Length} values.");
        // Unchecked reads and writes: the lengths were checked above, and per-pixel slices cost more than the maxima.
        ref var source = ref MemoryMarshal.GetReference(input);
        ref var destination = ref MemoryMarshal.GetReference(output);
        for (var oy = 0; oy < pool.OutHeight; oy++)
        for (var ox = 0; ox < pool.OutWidth; ox++)
        {
            // The window's taps inside the map; with none, the output is the least int8 value.
            var (top, left) = (oy * pool.StrideH - pool.PadTop, ox * pool.StrideW - pool.PadLeft);
            var (y0, y1) = (Math.Max(top, 0), Math.Min(top + pool.KernelHeight, pool.InHeight));
            var (x0, x1) = (Math.Max(left, 0), Math.Min(left + pool.KernelWidth, pool.InWidth));
            ref var pooled = ref Unsafe.Add(ref destination, (oy * pool.OutWidth + ox) * c);
            var j = 0;
            // A vector of channels over all taps at once: each output is stored once.
            if (simd)
                for (; j + 16 <= c; j += 16)
                {
                    var max = Vector128.Create(sbyte.MinValue);
                    for (var y = y0; y < y1; y++)
                    for (var x = x0; x < x1; x++)
                        max = Vector128.Max(max, Vector128.LoadUnsafe(ref source, (nuint)((y * pool.InWidth + x) * c + j)));
                    max.StoreUnsafe(ref pooled, (nuint)j);
                }
            for (; j < c; j++)
            {
                var max = sbyte.MinValue;
                for (var y = y0; y < y1; y++)
                for (var x = x0; x < x1; x++)
                    max = Math.Max(max, Unsafe.Add(ref source, (y * pool.InWidth + x) * c + j));
                Unsafe.Add(ref pooled, j) = max;
            }
        }
    }
}
