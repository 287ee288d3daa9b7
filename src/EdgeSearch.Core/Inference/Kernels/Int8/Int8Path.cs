using System.Runtime.Intrinsics.Arm;
using System.Runtime.Intrinsics.X86;

namespace EdgeSearch.Core.Inference.Kernels.Int8;

/// <summary>The instruction sequence an int8 dot product runs on.</summary>
public enum Int8Path
{
    /// <summary>Plain C#: the reference every other path must match exactly.</summary>
    Scalar,

    /// <summary>x64 AVX2: int8 widened to int16, <c>vpmaddwd</c> pairs into int32.</summary>
    Avx2,

    /// <summary>x64 AVX-VNNI: <c>vpdpbusd</c>, four u8×s8 products per int32 lane (input offset by 128).</summary>
    AvxVnni,

    /// <summary>ARM64 NEON (Cortex-A72): <c>SMULL</c> to int16, <c>SADALP</c> pairs into int32.</summary>
    AdvSimd,

    /// <summary>ARM64 dot-product extension (Cortex-A76, Pi 5): <c>SDOT</c>, four s8×s8 products per int32 lane.</summary>
    AdvSimdDot,
}

/// <summary>Which int8 paths this machine runs, and the one the engine picks: the only place that choice is made.</summary>
public static class Int8Kernels
{
    public static bool IsSupported(Int8Path path) => path switch
    {
        Int8Path.Scalar => true,
        Int8Path.Avx2 => Avx2.IsSupported,
        Int8Path.AvxVnni => AvxVnni.IsSupported,
        Int8Path.AdvSimd => AdvSimd.Arm64.IsSupported,
        Int8Path.AdvSimdDot => Dp.IsSupported && AdvSimd.Arm64.IsSupported,
        _ => false,
    };

    /// <summary>The fastest supported path.</summary>
    public static Int8Path Best =>
        IsSupported(Int8Path.AdvSimdDot) ? Int8Path.AdvSimdDot
        : IsSupported(Int8Path.AdvSimd) ? Int8Path.AdvSimd
        : IsSupported(Int8Path.AvxVnni) ? Int8Path.AvxVnni
        : IsSupported(Int8Path.Avx2) ? Int8Path.Avx2
        : Int8Path.Scalar;

    /// <summary>For consoles and logs: the path SIMD plans use here.</summary>
    public static string ActivePath => Best.ToString();

    public static IReadOnlyList<Int8Path> Supported => [.. Enum.GetValues<Int8Path>().Where(IsSupported)];
}
