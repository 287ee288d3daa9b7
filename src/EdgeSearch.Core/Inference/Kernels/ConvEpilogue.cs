namespace EdgeSearch.Core.Inference.Kernels;

/// <summary>
/// The end of a SIMD convolution's pass for one output channel, while its plane is still in cache: activation, then
/// the fused pool (a 2×2 max pool pools before activating, <see cref="ActivatedMaxPool"/>). The plane's rows may be
/// further apart than the output's width.
/// </summary>
internal static class ConvEpilogue
{
    public static bool PoolsActivated(FusedConv conv) => conv.Pool is { } pool && ActivatedMaxPool.Fits(pool, conv.Activation);

    /// <summary>Floats a plane must be readable past its last row.</summary>
    public static int Overrun(FusedConv conv, int lanes) => PoolsActivated(conv) ? ActivatedMaxPool.Overrun(lanes) : 0;

    /// <summary>Floats of scratch <see cref="Finish{TVec, TSimd}"/> needs for the pool.</summary>
    public static int PoolLength(FusedConv conv, int lanes) => conv.Pool is not { } pool ? 0
        : PoolsActivated(conv) ? ActivatedMaxPool.ScratchLength(pool, lanes) : conv.Geometry.OutWidth;

    /// <param name="plane">Output channel <paramref name="oc"/> before activation, rows <paramref name="stride"/> apart; overwritten.</param>
    public static void Finish<TVec, TSimd>(FusedConv conv, Span<float> plane, int stride, int oc, Span<float> output, Span<float> pooling)
        where TVec : struct where TSimd : ISimd<TVec>
    {
        var g = conv.Geometry;
        if (PoolsActivated(conv))
        {
            var pooled = conv.Pool!;
            ActivatedMaxPool.Run<TVec, TSimd>(conv.Activation, pooled, plane, stride, output.Slice(oc * pooled.OutPlane, pooled.OutPlane), pooling);
            return;
        }
        if (conv.Pool is not { } pool)
        {
            // Activated in place, the gaps between rows included, then the rows copied out.
            var rows = plane[..((g.OutHeight - 1) * stride + g.OutWidth)];
            Activations.Apply(conv.Activation, TSimd.Width, rows, rows);
            PlaneRows<TVec, TSimd>.Copy(rows, stride, output.Slice(oc * g.OutPlane, g.OutPlane), g.OutWidth, g.OutWidth, g.OutHeight);
            return;
        }
        var dense = plane[..g.OutPlane];
        // Close the gaps between output rows; moving left in place is safe.
        if (stride != g.OutWidth)
            for (var oy = 1; oy < g.OutHeight; oy++)
                plane.Slice(oy * stride, g.OutWidth).CopyTo(plane.Slice(oy * g.OutWidth, g.OutWidth));
        Activations.Apply(conv.Activation, TSimd.Width, dense, dense);
        PoolKernels.Simd(pool, TSimd.Width, dense, output.Slice(oc * pool.OutPlane, pool.OutPlane), pooling);
    }
}
