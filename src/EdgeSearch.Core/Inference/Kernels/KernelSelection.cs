using System.Runtime.Intrinsics;

namespace EdgeSearch.Core.Inference.Kernels;

/// <summary>Picks a layer's kernel once, at plan time: the scalar reference, or the SIMD kernel at one width.</summary>
internal static class KernelSelection
{
    /// <param name="width">The SIMD width, or null for the reference kernel.</param>
    /// <param name="threads">What the pixel-row kernel splits its output channels over; the others run on the caller.</param>
    public static IImageKernel Conv(FusedConv conv, VectorWidth? width, IntraOpThreads? threads = null) => width switch
    {
        null => new ReferenceConvKernel(conv),
        // Only the pixel-row kernel splits its work between threads.
        VectorWidth.Bits512 when threads is not { Count: > 1 } && PrefersChannelLanes<Vector512<float>, Simd512>(conv) => new SimdChannelConvKernel<Vector512<float>, Simd512>(conv),
        VectorWidth.Bits256 when threads is not { Count: > 1 } && PrefersChannelLanes<Vector256<float>, Simd256>(conv) => new SimdChannelConvKernel<Vector256<float>, Simd256>(conv),
        VectorWidth.Bits128 when threads is not { Count: > 1 } && PrefersChannelLanes<Vector128<float>, Simd128>(conv) => new SimdChannelConvKernel<Vector128<float>, Simd128>(conv),
        VectorWidth.Bits512 => new SimdConvKernel<Vector512<float>, Simd512>(conv, threads ?? IntraOpThreads.None),
        VectorWidth.Bits256 => new SimdConvKernel<Vector256<float>, Simd256>(conv, threads ?? IntraOpThreads.None),
        _ => new SimdConvKernel<Vector128<float>, Simd128>(conv, threads ?? IntraOpThreads.None),
    };

    /// <summary>
    /// Channels in the lanes when it fits and the pixel rows would waste more than a quarter of their vectors
    /// (a 7×7 map computes 61 shifted columns as 64 lanes for 49 outputs). At 14×14 (224 lanes for 196 outputs)
    /// the pixel rows win: measured 44 µs against 52 µs for Hybrid-1's 32→64 block with AVX-512, the channel
    /// layout paying for its transposing epilogue.
    /// </summary>
    private static bool PrefersChannelLanes<TVec, TSimd>(FusedConv conv) where TVec : struct where TSimd : ISimd<TVec>
    {
        if (!SimdChannelConvKernel<TVec, TSimd>.Fits(conv)) return false;
        var lanes = TSimd.Count;
        var computed = (conv.Geometry.SimdColumns + lanes - 1) / lanes * lanes;
        return computed * 4 > conv.Geometry.OutPlane * 5;
    }

    /// <summary>The SIMD involution needs rows at least one vector wide; narrower planes take the reference.</summary>
    public static IImageKernel Involution(Involution inv, VectorWidth? width) => width switch
    {
        { } w when inv.Width < VectorWidths.Lanes(w) => new ReferenceInvolutionKernel(inv),
        null => new ReferenceInvolutionKernel(inv),
        VectorWidth.Bits512 => new SimdInvolutionKernel<Vector512<float>, Simd512>(inv),
        VectorWidth.Bits256 => new SimdInvolutionKernel<Vector256<float>, Simd256>(inv),
        _ => new SimdInvolutionKernel<Vector128<float>, Simd128>(inv),
    };
}
