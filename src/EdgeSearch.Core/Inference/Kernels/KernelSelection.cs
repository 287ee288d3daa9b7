using System.Runtime.Intrinsics;

namespace EdgeSearch.Core.Inference.Kernels;

/// <summary>Picks a layer's kernel once, at plan time: the scalar reference, or the SIMD kernel at one width.</summary>
internal static class KernelSelection
{
    /// <param name="width">The SIMD width, or null for the reference kernel.</param>
    /// <param name="threads">What the SIMD kernels split their output channels over; the reference runs on the caller.</param>
    public static IImageKernel Conv(FusedConv conv, VectorWidth? width, IntraOpThreads? threads = null) => width switch
    {
        null => new ReferenceConvKernel(conv),
        VectorWidth.Bits512 when PrefersWinogradChannels(conv) => new WinogradChannelKernel<Vector512<float>, Simd512>(conv, threads ?? IntraOpThreads.None),
        VectorWidth.Bits512 when PrefersWinograd(conv.Geometry, Vector512<float>.Count) => new WinogradConvKernel<Vector512<float>, Simd512>(conv, threads ?? IntraOpThreads.None),
        VectorWidth.Bits256 when PrefersWinograd(conv.Geometry, Vector256<float>.Count) => new WinogradConvKernel<Vector256<float>, Simd256>(conv, threads ?? IntraOpThreads.None),
        VectorWidth.Bits128 when PrefersWinograd(conv.Geometry, Vector128<float>.Count) => new WinogradConvKernel<Vector128<float>, Simd128>(conv, threads ?? IntraOpThreads.None),
        VectorWidth.Bits512 when PrefersChannelLanes<Vector512<float>, Simd512>(conv) => new SimdChannelConvKernel<Vector512<float>, Simd512>(conv, threads ?? IntraOpThreads.None),
        VectorWidth.Bits256 when PrefersChannelLanes<Vector256<float>, Simd256>(conv) => new SimdChannelConvKernel<Vector256<float>, Simd256>(conv, threads ?? IntraOpThreads.None),
        VectorWidth.Bits128 when PrefersChannelLanes<Vector128<float>, Simd128>(conv) => new SimdChannelConvKernel<Vector128<float>, Simd128>(conv, threads ?? IntraOpThreads.None),
        VectorWidth.Bits512 => new SimdConvKernel<Vector512<float>, Simd512>(conv, threads ?? IntraOpThreads.None),
        VectorWidth.Bits256 => new SimdConvKernel<Vector256<float>, Simd256>(conv, threads ?? IntraOpThreads.None),
        _ => new SimdConvKernel<Vector128<float>, Simd128>(conv, threads ?? IntraOpThreads.None),
    };

    /// <summary>
    /// Winograd F(2×2, 3×3) for 3×3 convolutions of at least 8 input channels whose 2×2 tiles fill at least two
    /// vectors: its products then keep eight accumulators or more, where a single vector of tiles (a 7×7 map at 512
    /// bits) leaves four FMA chains waiting on latency. Measured per layer (`EdgeSearch.Benchmarks layouts`,
    /// docs/benchmarks.md): 1.1–1.5× the best direct layout at 512 bits on 14×14 to 32×32 maps, 1.2–2.2× at 256 bits,
    /// and slower on 7×7 maps at 512 bits and on 1- and 3-channel inputs, whose products are too short to pay for the
    /// transforms.
    /// </summary>
    private static bool PrefersWinograd(ConvGeometry g, int lanes) =>
        WinogradConvKernel.Fits(g) && g.InChannels >= 8 && WinogradConvKernel.Tiles(g) >= 2 * lanes;

    /// <summary>
    /// Winograd with the channels in the lanes at 512 bits where its 16 product planes (16·tiles·outChannels floats)
    /// fit in 512 KiB, half a Zen 4 or Zen 5 core's L2: its blocks of seven or eight tiles against 32 channels beat both
    /// the tile-row Winograd kernel and the direct channel kernel on Hybrid-1's and the parts model's 7×7 to 28×28
    /// layers (1.08× on 16→32 at 28×28, 401 KB of products; 1.4–1.6× at 7×7), and lose on the parts model's 32→64 at
    /// 32×32, whose products take 1 MiB (`EdgeSearch.Benchmarks layouts`, docs/benchmarks.md). At 256 and 128 bits the
    /// tile-row kernel was faster on every shipped layer: sixteen registers on x64 hold only one block.
    /// </summary>
    private static bool PrefersWinogradChannels(FusedConv conv) =>
        WinogradChannelKernel<Vector512<float>, Simd512>.Fits(conv) && conv.Geometry.InChannels >= 8
        && (long)WinogradConvKernel.Points * WinogradConvKernel.Tiles(conv.Geometry) * conv.Geometry.OutChannels * sizeof(float) <= 512 * 1024;

    /// <summary>
    /// Channels in the lanes when it fits and its estimated cost is lower. The pixel-row kernel computes every shifted
    /// column, rounded up to whole vectors (a 7×7 map: 61 columns as 64 lanes for 49 outputs; 16×16: 288 for 256),
    /// k multiply-adds each. The channel kernel computes only real outputs, about 10 % cheaper per multiply-add
    /// (no column waste inside its loop), but its transposing epilogue costs as much as about 96 multiply-adds per
    /// output. Both constants were measured on Hybrid-1's layers with 512- and 256-bit vectors (docs/benchmarks.md):
    /// 16×16 with k = 576 goes to the channels (120 µs against 134 µs for the parts model's 64→64 block), 14×14 with
    /// k = 288 and anything larger stays on pixel rows (48.7 µs against 52.5 µs for Fashion-MNIST's 32→64 block).
    /// </summary>
    private static bool PrefersChannelLanes<TVec, TSimd>(FusedConv conv) where TVec : struct where TSimd : ISimd<TVec>
    {
        if (!SimdChannelConvKernel<TVec, TSimd>.Fits(conv)) return false;
        const double channelLoopShare = 0.9, channelEpilogue = 96;
        var g = conv.Geometry;
        var lanes = TSimd.Count;
        var pixelRows = (double)g.PatchLength * ((g.SimdColumns + lanes - 1) / lanes * lanes);
        var channels = channelLoopShare * (g.PatchLength + channelEpilogue) * g.OutPlane;
        return channels < pixelRows;
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
