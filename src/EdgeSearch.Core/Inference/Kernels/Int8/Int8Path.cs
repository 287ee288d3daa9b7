namespace EdgeSearch.Core.Inference.Kernels.Int8;

/// <summary>The instruction sequence an int8 dot product runs on.</summary>
public enum Int8Path
{
    /// <summary>Plain C#: the reference every other path must match exactly.</summary>
    Scalar,

    /// <summary>x64 SSE4.1, 128 bits: the AVX2 path at NEON's width, for x64 machines without AVX2 and to stand in for NEON without SDOT.</summary>
    Sse41,

    /// <summary>x64 AVX2: int8 widened to int16, <c>vpmaddwd</c> pairs into int32.</summary>
    Avx2,

    /// <summary>x64 AVX-VNNI: <c>vpdpbusd</c>, four u8×s8 products per int32 lane (input offset by 128).</summary>
    AvxVnni,

    /// <summary>x64 AVX-512BW without VNNI (Zen 4, Skylake-SP): the AVX2 path at 512 bits, sixteen channels per register.</summary>
    Avx512BW,

    /// <summary>ARM64 NEON (Cortex-A72): <c>SMULL</c> to int16, <c>SADALP</c> pairs into int32.</summary>
    AdvSimd,

    /// <summary>ARM64 dot-product extension (Cortex-A76, Pi 5): <c>SDOT</c>, four s8×s8 products per int32 lane.</summary>
    AdvSimdDot,
}
