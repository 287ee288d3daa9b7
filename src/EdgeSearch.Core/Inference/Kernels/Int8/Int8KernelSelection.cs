using System.Runtime.Intrinsics;

namespace EdgeSearch.Core.Inference.Kernels.Int8;

/// <summary>Builds the convolution kernel for one int8 path.</summary>
internal static class Int8KernelSelection
{
    public static Int8ConvKernel Conv(Int8Conv conv, Int8Path path)
    {
        if (!Int8Kernels.IsSupported(path)) throw new PlatformNotSupportedException($"The {path} int8 path does not run on this machine.");
        return path switch
        {
            Int8Path.AvxVnni => new SimdInt8ConvKernel<AvxVnniDot, Vector256<int>, Vector256<sbyte>>(conv),
            Int8Path.Avx2 => new SimdInt8ConvKernel<Avx2Dot, PairSums<Vector256<int>>, PairSums<Vector256<short>>>(conv),
            Int8Path.AdvSimdDot => new SimdInt8ConvKernel<AdvSimdDotProduct, Vector128<int>, Vector128<sbyte>>(conv),
            Int8Path.AdvSimd => new SimdInt8ConvKernel<AdvSimdWideningDot, PairSums<Vector128<int>>, Vector128<sbyte>>(conv),
            _ => new ReferenceInt8ConvKernel(conv),
        };
    }
}
