using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace EdgeSearch.Core.Inference.Kernels;

/// <summary>
/// What the kernels with output channels in the vector lanes share: the block product, and the epilogue of a
/// pixel-major tile (bias is in the accumulators; activation, then the transposition into NCHW planes, through the
/// pool when one is fused: a 2×2 max pool activates after pooling, <see cref="ActivatedMaxPool"/>).
/// </summary>
internal static class ChannelLanes<TVec, TSimd> where TVec : struct where TSimd : ISimd<TVec>
{
    /// <summary>The fewest pixels of a block (<see cref="Unroll7"/>).</summary>
    public const int Pixels = 7;

    /// <summary>Channels <see cref="Finish"/> moves out of a tile at once: four pixels by four channels transposed in registers.</summary>
    private const int Transposed = 4;

    /// <summary>
    /// Floats of pool scratch <see cref="Finish"/> needs: <see cref="Transposed"/> channels' planes (each read past its
    /// end by an activated pool), then the pool's own.
    /// </summary>
    public static int PoolLength(FusedConv conv) => conv.Pool is not { } pool ? 0
        : Transposed * PoolPlaneLength(conv) + (ConvEpilogue.PoolsActivated(conv) ? ActivatedMaxPool.ScratchLength(pool, TSimd.Count) : conv.Geometry.OutWidth);

    private static int PoolPlaneLength(FusedConv conv) =>
        conv.Geometry.OutPlane + (ConvEpilogue.PoolsActivated(conv) ? ActivatedMaxPool.Overrun(TSimd.Count) : 0);

    /// <summary>
    /// Channels <paramref name="first"/> to <paramref name="first"/> + <paramref name="count"/> − 1 of one group's
    /// pixel-major tile (<c>tile[pixel·m + j]</c> for its m channels) into the output planes. The whole tile is
    /// activated in place in one pass; a share of its channels, plane by plane once transposed.
    /// </summary>
    public static void Finish(FusedConv conv, Span<float> tile, int group, Span<float> output, Span<float> pooling, int first, int count)
    {
        var g = conv.Geometry;
        var (m, plane) = (g.GroupOutChannels, g.OutPlane);
        var poolsActivated = ConvEpilogue.PoolsActivated(conv);
        var wholeTile = first == 0 && count == m;
        if (!poolsActivated && wholeTile) Activations.Apply(conv.Activation, TSimd.Width, tile, tile);
        var poolPlane = PoolPlaneLength(conv);
        var poolOwn = pooling[Math.Min(pooling.Length, Transposed * poolPlane)..];
        for (var j = first; j < first + count; j += Transposed)
        {
            var channels = Math.Min(Transposed, first + count - j);
            var oc = group * m + j;
            // The channels' planes: in the output, or side by side in the pool's scratch.
            var planes = conv.Pool is null ? output[(oc * plane)..] : pooling;
            var stride = conv.Pool is null ? plane : poolPlane;
            CopyChannels(tile, m, j, channels, planes, stride, plane);
            for (var c = 0; c < channels; c++)
            {
                var target = planes.Slice(c * stride, plane);
                if (!poolsActivated && !wholeTile) Activations.Apply(conv.Activation, TSimd.Width, target, target);
                if (conv.Pool is not { } pool) continue;
                var pooled = output.Slice((oc + c) * pool.OutPlane, pool.OutPlane);
                if (poolsActivated)
                    ActivatedMaxPool.Run<TVec, TSimd>(conv.Activation, pool, planes.Slice(c * stride, poolPlane), g.OutWidth, pooled, poolOwn);
                else PoolKernels.Simd(pool, TSimd.Width, target, pooled, poolOwn);
            }
        }
    }

    /// <summary>Channels <paramref name="first"/> to <paramref name="first"/> + <paramref name="count"/> − 1 of a finished pixel-major tile of <paramref name="plane"/> pixels into their planes.</summary>
    public static void Planes(ReadOnlySpan<float> tile, int m, Span<float> output, int plane, int first, int count)
    {
        for (var j = first; j < first + count; j += Transposed)
            CopyChannels(tile, m, j, Math.Min(Transposed, first + count - j), output[(j * plane)..], plane, plane);
    }

    /// <summary>
    /// targets[c·stride + q] = tile[q·channels + channel + c] for the <paramref name="count"/> (at most four) channels
    /// from <paramref name="channel"/>: their planes out of the pixel-major tile. Four channels go four pixels at a
    /// time, transposed in registers (a strided copy float by float took a twentieth of a model's time).
    /// </summary>
    private static void CopyChannels(ReadOnlySpan<float> tile, int channels, int channel, int count, Span<float> targets, int stride, int plane)
    {
        if (count is < 1 or > Transposed || channel + count > channels || tile.Length < plane * channels || targets.Length < (count - 1) * stride + plane)
            throw new ArgumentException("The tile or the planes are smaller than the channels to copy.");
        ref var source = ref Unsafe.Add(ref MemoryMarshal.GetReference(tile), channel);
        ref var destination = ref MemoryMarshal.GetReference(targets);
        var q = 0;
        if (count == Transposed)
            for (; q + 4 <= plane; q += 4)
            {
                ref var pixel = ref Unsafe.Add(ref source, q * channels);
                var (r0, r1) = (Vector128.LoadUnsafe(ref pixel), Vector128.LoadUnsafe(ref pixel, (nuint)channels));
                var (r2, r3) = (Vector128.LoadUnsafe(ref pixel, (nuint)(2 * channels)), Vector128.LoadUnsafe(ref pixel, (nuint)(3 * channels)));
                // Channels 0 and 2 of each pixel, then 1 and 3; then each channel's four pixels.
                var (even01, odd01) = (Simd128.EvenLanes(r0, r1), Simd128.OddLanes(r0, r1));
                var (even23, odd23) = (Simd128.EvenLanes(r2, r3), Simd128.OddLanes(r2, r3));
                Simd128.EvenLanes(even01, even23).StoreUnsafe(ref destination, (nuint)q);
                Simd128.EvenLanes(odd01, odd23).StoreUnsafe(ref destination, (nuint)(stride + q));
                Simd128.OddLanes(even01, even23).StoreUnsafe(ref destination, (nuint)(2 * stride + q));
                Simd128.OddLanes(odd01, odd23).StoreUnsafe(ref destination, (nuint)(3 * stride + q));
            }
        for (; q < plane; q++)
        for (var c = 0; c < count; c++)
            Unsafe.Add(ref destination, c * stride + q) = Unsafe.Add(ref source, q * channels + c);
    }

    /// <summary>
    /// output[j·m + c] = bias[c] + Σ_i weights[i·m + c]·input[offsets[i] + columns[j]] for the block's
    /// <typeparamref name="TPixels"/> pixels j and two vectors of channels c: the inner loop loads two channel vectors
    /// and broadcasts one input per pixel.
    /// </summary>
    /// <typeparam name="TPixels">
    /// <see cref="Unroll7"/> keeps fourteen accumulators (sixteen vector registers, as on x64 without AVX-512, spill
    /// one); <see cref="Unroll8"/> keeps sixteen, for 32 registers.
    /// </typeparam>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Block<TPixels>(ref float input, ref int offsets, ref int columns, ref float weights, ref float bias, ref float output, int k, int m)
        where TPixels : IUnroll
    {
        var lanes = (nuint)TSimd.Count;
        // The eighth pixel's terms are constant-folded away for seven.
        var eight = TPixels.Count == 8;
        ref var x0 = ref Unsafe.Add(ref input, columns);
        ref var x1 = ref Unsafe.Add(ref input, Unsafe.Add(ref columns, 1));
        ref var x2 = ref Unsafe.Add(ref input, Unsafe.Add(ref columns, 2));
        ref var x3 = ref Unsafe.Add(ref input, Unsafe.Add(ref columns, 3));
        ref var x4 = ref Unsafe.Add(ref input, Unsafe.Add(ref columns, 4));
        ref var x5 = ref Unsafe.Add(ref input, Unsafe.Add(ref columns, 5));
        ref var x6 = ref Unsafe.Add(ref input, Unsafe.Add(ref columns, 6));
        ref var x7 = ref eight ? ref Unsafe.Add(ref input, Unsafe.Add(ref columns, 7)) : ref x6;
        var b0 = TSimd.Load(ref bias, 0);
        var b1 = TSimd.Load(ref bias, lanes);
        TVec c00 = b0, c01 = b1, c10 = b0, c11 = b1, c20 = b0, c21 = b1, c30 = b0, c31 = b1, c40 = b0, c41 = b1, c50 = b0, c51 = b1, c60 = b0, c61 = b1, c70 = b0, c71 = b1;
        ref var w = ref weights;
        for (var i = 0; i < k; i++)
        {
            var offset = Unsafe.Add(ref offsets, i);
            var w0 = TSimd.Load(ref w, 0);
            var w1 = TSimd.Load(ref w, lanes);
            var a = TSimd.Broadcast(Unsafe.Add(ref x0, offset));
            c00 = TSimd.MultiplyAdd(a, w0, c00); c01 = TSimd.MultiplyAdd(a, w1, c01);
            a = TSimd.Broadcast(Unsafe.Add(ref x1, offset));
            c10 = TSimd.MultiplyAdd(a, w0, c10); c11 = TSimd.MultiplyAdd(a, w1, c11);
            a = TSimd.Broadcast(Unsafe.Add(ref x2, offset));
            c20 = TSimd.MultiplyAdd(a, w0, c20); c21 = TSimd.MultiplyAdd(a, w1, c21);
            a = TSimd.Broadcast(Unsafe.Add(ref x3, offset));
            c30 = TSimd.MultiplyAdd(a, w0, c30); c31 = TSimd.MultiplyAdd(a, w1, c31);
            a = TSimd.Broadcast(Unsafe.Add(ref x4, offset));
            c40 = TSimd.MultiplyAdd(a, w0, c40); c41 = TSimd.MultiplyAdd(a, w1, c41);
            a = TSimd.Broadcast(Unsafe.Add(ref x5, offset));
            c50 = TSimd.MultiplyAdd(a, w0, c50); c51 = TSimd.MultiplyAdd(a, w1, c51);
            a = TSimd.Broadcast(Unsafe.Add(ref x6, offset));
            c60 = TSimd.MultiplyAdd(a, w0, c60); c61 = TSimd.MultiplyAdd(a, w1, c61);
            if (eight)
            {
                a = TSimd.Broadcast(Unsafe.Add(ref x7, offset));
                c70 = TSimd.MultiplyAdd(a, w0, c70); c71 = TSimd.MultiplyAdd(a, w1, c71);
            }
            w = ref Unsafe.Add(ref w, m);
        }
        ref var t = ref output;
        var row = (nuint)m;
        TSimd.Store(c00, ref t, 0); TSimd.Store(c01, ref t, lanes);
        TSimd.Store(c10, ref t, row); TSimd.Store(c11, ref t, row + lanes);
        TSimd.Store(c20, ref t, 2 * row); TSimd.Store(c21, ref t, 2 * row + lanes);
        TSimd.Store(c30, ref t, 3 * row); TSimd.Store(c31, ref t, 3 * row + lanes);
        TSimd.Store(c40, ref t, 4 * row); TSimd.Store(c41, ref t, 4 * row + lanes);
        TSimd.Store(c50, ref t, 5 * row); TSimd.Store(c51, ref t, 5 * row + lanes);
        TSimd.Store(c60, ref t, 6 * row); TSimd.Store(c61, ref t, 6 * row + lanes);
        if (eight) { TSimd.Store(c70, ref t, 7 * row); TSimd.Store(c71, ref t, 7 * row + lanes); }
    }
}
