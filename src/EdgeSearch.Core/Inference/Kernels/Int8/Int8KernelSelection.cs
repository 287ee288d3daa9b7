using System.Runtime.Intrinsics;

namespace EdgeSearch.Core.Inference.Kernels.Int8;

/// <summary>Builds the convolution kernel for one int8 path.</summary>
internal static class Int8KernelSelection
{
    /// <summary>Whether <paramref name="path"/> runs Winograd's F(2×2, 3×3) in int16 for some convolutions.</summary>
    public static bool HasWinograd(Int8Path path) => WinogradProducts(path) is not null;

    /// <summary>
    /// The path whose int16 multiply-adds run a convolution that fits Winograd, or null to run it directly. The
    /// <c>vpmaddwd</c> paths, and NEON without SDOT (<c>SMLAL</c>), multiply int16 as fast as int8, so Winograd's four
    /// products per output beat nine once the input channels fill a 256-bit vector of int16 (16 channels; 8 at 128
    /// bits): Fashion-MNIST's 16→32 block at 28×28 took 25.0 µs by Winograd at 512 bits against 27–33 µs directly
    /// on AVX-512BW. SDOT and AVX-VNNI's <c>vpdpbusd</c> take four int8 columns per instruction, which Winograd in
    /// int16 cannot beat by much: on AVX-VNNI its own <c>vpdpwssd</c> was slower than <c>vpdpbusd</c> on every layer
    /// measured, but with AVX-512BW beside it, Winograd at 512 bits made the parts model faster once a 512-bit vector
    /// of int16 is full (32 channels; the 16→32 block stays direct there, 21.5 against 25.0 µs; docs/benchmarks.md).
    /// SDOT stays direct.
    /// </summary>
    private static (Int8Path Path, short[][] Weights)? WinogradPath(Int8Conv conv, Int8Path path)
    {
        if (WinogradProducts(path) is not { } chosen) return null;
        var words = path == Int8Path.AvxVnni ? 32 : chosen switch { Int8Path.Sse41 or Int8Path.AdvSimd => 8, _ => 16 };
        return conv.Geometry.InChannels >= words && WinogradInt8ConvKernel.FittingWeights(conv) is { } transformed ? (chosen, transformed) : null;
    }

    /// <summary>The path whose int16 multiply-adds run Winograd for <paramref name="path"/>, or null where it has none.</summary>
    private static Int8Path? WinogradProducts(Int8Path path) => path switch
    {
        Int8Path.Sse41 or Int8Path.Avx2 or Int8Path.Avx512BW or Int8Path.AdvSimd => path,
        Int8Path.AvxVnni when Platform.IsSupported(Int8Path.Avx512BW) => Int8Path.Avx512BW,
        _ => null,
    };

    /// <param name="width">The vector width of the float epilogue, or null for the scalar reference.</param>
    /// <param name="threads">What the SIMD paths split each group's pixels over; the reference runs on the caller.</param>
    /// <param name="winograd">Whether a 3×3 convolution that fits it may run as Winograd's F(2×2, 3×3) (<see cref="HasWinograd"/>).</param>
    public static Int8ConvKernel Conv(Int8Conv conv, Int8Path path, VectorWidth? width, IntraOpThreads? threads = null, bool winograd = true)
    {
        threads ??= IntraOpThreads.None;
        if (!Platform.IsSupported(path)) throw new PlatformNotSupportedException($"The {path} int8 path does not run on this machine.");
        if (winograd && WinogradPath(conv, path) is var (products, transformed))
            switch (products)
            {
                case Int8Path.Sse41: return new WinogradInt8ConvKernel<Sse41Dot, Vector128<int>, IntegerLanes128, Vector128<short>, Vector128<int>>(conv, transformed, width, threads);
                case Int8Path.Avx2: return new WinogradInt8ConvKernel<Avx2Dot, Vector256<int>, IntegerLanes256, Vector256<short>, Vector256<int>>(conv, transformed, width, threads);
                case Int8Path.Avx512BW:
                    return new WinogradInt8ConvKernel<Avx512BWDot, Vector512<int>, IntegerLanes512, Vector512<short>, Vector512<int>>(conv, transformed, width, threads);
                case Int8Path.AdvSimd:
                    return new WinogradInt8ConvKernel<AdvSimdWordDot, VectorPair<Vector128<int>>, IntegerLanes128, Vector128<short>, Vector128<int>>(conv, transformed, width, threads);
            }
        return path switch
        {
            Int8Path.Sse41 => new SimdInt8ConvKernel<Sse41Dot, Vector128<int>, VectorPair<Vector128<short>>, VectorPair<Vector128<short>>>(conv, width, threads),
            Int8Path.Avx2 => new SimdInt8ConvKernel<Avx2Dot, Vector256<int>, VectorPair<Vector256<short>>, VectorPair<Vector256<short>>>(conv, width, threads),
            Int8Path.AvxVnni => new SimdInt8ConvKernel<AvxVnniDot, Vector256<int>, Vector256<sbyte>, Vector256<byte>>(conv, width, threads),
            Int8Path.Avx512BW => new SimdInt8ConvKernel<Avx512BWDot, Vector512<int>, VectorPair<Vector512<short>>, VectorPair<Vector512<short>>>(conv, width, threads),
            Int8Path.AdvSimdDot => new SimdInt8ConvKernel<AdvSimdDotProduct, Vector128<int>, Vector128<sbyte>, Vector128<sbyte>>(conv, width, threads),
            Int8Path.AdvSimd => new SimdInt8ConvKernel<AdvSimdWideningDot, VectorPair<Vector128<int>>, Vector128<sbyte>, Vector128<sbyte>>(conv, width, threads),
            _ => new ReferenceInt8ConvKernel(conv),
        };
    }
}
