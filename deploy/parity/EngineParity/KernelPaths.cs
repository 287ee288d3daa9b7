using System.Numerics;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.Arm;
using System.Runtime.Intrinsics.X86;
using EdgeSearch.Core.Inference.Kernels;

/// <summary>The instruction sets this process runs with, which decide the managed engine's kernel paths.</summary>
internal static class KernelPaths
{
    public static string Describe() => string.Join(", ",
        $"{RuntimeInformation.ProcessArchitecture}",
        $"AdvSimd {AdvSimd.IsSupported}", $"AdvSimd.Arm64 {AdvSimd.Arm64.IsSupported}", $"Dp {Dp.IsSupported}",
        $"Avx2 {Avx2.IsSupported}", $"Avx512F {Avx512F.IsSupported}",
        $"Vector128 {Vector128.IsHardwareAccelerated}", $"Vector256 {Vector256.IsHardwareAccelerated}",
        $"Vector512 {Vector512.IsHardwareAccelerated}", $"Vector<float> {Vector<float>.Count} lanes",
        $"int8 path {Platform.Int8}");

    /// <summary>Null when this process runs the SIMD paths its architecture should have, else what is missing.</summary>
    public static string? Missing() => RuntimeInformation.ProcessArchitecture switch
    {
        Architecture.Arm64 when !AdvSimd.Arm64.IsSupported || !Vector128.IsHardwareAccelerated => "AdvSimd (NEON) is not active on arm64",
        Architecture.X64 when !Vector128.IsHardwareAccelerated => "Vector128 is not accelerated on x64",
        _ => null,
    };
}
