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
        if (simd && c % 16 == 0 && pool is { KernelHeight: 2, KernelWidth: 2, StrideH: 2, StrideW: 2, PadTop: 0, PadLeft: 0 }
            && 2 * pool.OutHeight <= pool.InHeight && 2 * pool.OutWidth <= pool.InWidth)
        {
            Halve(pool, ref source, ref destination);
            return;
        }
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

    /// <summary>
    /// The models' pool, 2×2 of stride 2 with every window inside the map, a vector of channels at a time: the four
    /// taps at fixed offsets, without the general loop's bounds per window (it took 11 µs of the parts model's first
    /// pool, 32×32×32 outputs).
    /// </summary>
    private static void Halve(PoolGeometry pool, ref sbyte source, ref sbyte destination)
    {
        var c = pool.Channels;
        var row = pool.InWidth * c;
        for (var oy = 0; oy < pool.OutHeight; oy++)
        {
            ref var top = ref Unsafe.Add(ref source, 2 * oy * row);
            ref var pooled = ref Unsafe.Add(ref destination, oy * pool.OutWidth * c);
            for (var ox = 0; ox < pool.OutWidth; ox++)
            for (var j = 0; j < c; j += 16)
            {
                var at = (nuint)(2 * ox * c + j);
                var upper = Vector128.Max(Vector128.LoadUnsafe(ref top, at), Vector128.LoadUnsafe(ref top, at + (nuint)c));
                var lower = Vector128.Max(Vector128.LoadUnsafe(ref top, at + (nuint)row), Vector128.LoadUnsafe(ref top, at + (nuint)(row + c)));
                Vector128.Max(upper, lower).StoreUnsafe(ref pooled, (nuint)(ox * c + j));
            }
        }
    }
}
