using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace EdgeSearch.Core.Inference.Kernels;

/// <summary>
/// What the kernels with output channels in the vector lanes share: the block product, and the epilogue of a
/// pixel-major tile (bias is in the accumulators; activation, then the transposition into NCHW planes, through the
/// pool when one is fused: a 2×2 max pool activates after pooling, <see cref="ActivatedMaxPool"/>).
/// </summary>
internal static class ChannelLanes<TVec, TSimd> where TVec : struct where TSimd : ISimd<TVec>
{
    /// <summary>Pixels of one block: fourteen accumulators with two channel vectors (sixteen vector registers, as on x64 without AVX-512, spill one).</summary>
    public const int Pixels = 7;

    /// <summary>Floats of pool scratch <see cref="Finish"/> needs: a channel's plane (read past its end by an activated pool), then the pool's own.</summary>
    public static int PoolLength(FusedConv conv) => conv.Pool is not { } pool ? 0
        : PoolPlaneLength(conv) + (ConvEpilogue.PoolsActivated(conv) ? ActivatedMaxPool.ScratchLength(pool, TSimd.Count) : conv.Geometry.OutWidth);

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
        for (var j = first; j < first + count; j++)
        {
            var oc = group * m + j;
            var target = conv.Pool is null ? output.Slice(oc * plane, plane) : pooling[..plane];
            CopyChannel(tile, m, j, target[..plane]);
            if (!poolsActivated && !wholeTile) Activations.Apply(conv.Activation, TSimd.Width, target[..plane], target[..plane]);
            if (conv.Pool is not { } pool) continue;
            var pooled = output.Slice(oc * pool.OutPlane, pool.OutPlane);
            if (poolsActivated)
                ActivatedMaxPool.Run<TVec, TSimd>(conv.Activation, pool, pooling[..poolPlane], g.OutWidth, pooled, pooling[poolPlane..]);
            else PoolKernels.Simd(pool, TSimd.Width, target, pooled, pooling[plane..]);
        }
    }

    /// <summary>target[q] = tile[q·channels + channel]: one channel's plane out of the pixel-major tile.</summary>
    private static void CopyChannel(ReadOnlySpan<float> tile, int channels, int channel, Span<float> target)
    {
        if (channel >= channels || tile.Length < target.Length * channels) throw new ArgumentException("Tile is smaller than the plane.");
        ref var source = ref Unsafe.Add(ref MemoryMarshal.GetReference(tile), channel);
        ref var destination = ref MemoryMarshal.GetReference(target);
        for (var q = 0; q < target.Length; q++) Unsafe.Add(ref destination, q) = Unsafe.Add(ref source, q * channels);
    }

    /// <summary>
    /// output[j·m + c] = bias[c] + Σ_i weights[i·m + c]·input[offsets[i] + columns[j]] for the block's seven pixels j
    /// and two vectors of channels c: the inner loop loads two channel vectors and broadcasts seven inputs.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Block(ref float input, ref int offsets, ref int columns, ref float weights, ref float bias, ref float output, int k, int m)
    {
        var lanes = (nuint)TSimd.Count;
        ref var x0 = ref Unsafe.Add(ref input, columns);
        ref var x1 = ref Unsafe.Add(ref input, Unsafe.Add(ref columns, 1));
        ref var x2 = ref Unsafe.Add(ref input, Unsafe.Add(ref columns, 2));
        ref var x3 = ref Unsafe.Add(ref input, Unsafe.Add(ref columns, 3));
        ref var x4 = ref Unsafe.Add(ref input, Unsafe.Add(ref columns, 4));
        ref var x5 = ref Unsafe.Add(ref input, Unsafe.Add(ref columns, 5));
        ref var x6 = ref Unsafe.Add(ref input, Unsafe.Add(ref columns, 6));
        var b0 = TSimd.Load(ref bias, 0);
        var b1 = TSimd.Load(ref bias, lanes);
        TVec c00 = b0, c01 = b1, c10 = b0, c11 = b1, c20 = b0, c21 = b1, c30 = b0, c31 = b1, c40 = b0, c41 = b1, c50 = b0, c51 = b1, c60 = b0, c61 = b1;
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
    }
}
