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
            ref var pooled = ref Unsafe.Add(ref destination, (oy * pool.OutWidth + ox) * c);
            var first = true;
            for (var ky = 0; ky < pool.KernelHeight; ky++)
            for (var kx = 0; kx < pool.KernelWidth; kx++)
            {
                var (iy, ix) = (oy * pool.StrideH - pool.PadTop + ky, ox * pool.StrideW - pool.PadLeft + kx);
                if (iy < 0 || iy >= pool.InHeight || ix < 0 || ix >= pool.InWidth) continue;
                ref var pixel = ref Unsafe.Add(ref source, (iy * pool.InWidth + ix) * c);
                if (first) Unsafe.CopyBlockUnaligned(ref Unsafe.As<sbyte, byte>(ref pooled), ref Unsafe.As<sbyte, byte>(ref pixel), (uint)c);
                else Max(ref pixel, ref pooled, c, simd);
                first = false;
            }
            if (first) MemoryMarshal.CreateSpan(ref pooled, c).Fill(sbyte.MinValue);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Max(ref sbyte source, ref sbyte destination, int length, bool simd)
    {
        var j = 0;
        if (simd)
            for (; j + 16 <= length; j += 16)
                Vector128.Max(Vector128.LoadUnsafe(ref source, (nuint)j), Vector128.LoadUnsafe(ref destination, (nuint)j)).StoreUnsafe(ref destination, (nuint)j);
        for (; j < length; j++) Unsafe.Add(ref destination, j) = Math.Max(Unsafe.Add(ref source, j), Unsafe.Add(ref destination, j));
    }
}
