using System.Diagnostics;
using System.Runtime.Intrinsics;

namespace EdgeSearch.Benchmarks;

/// <summary>
/// The core's measured fp32 peak: ten independent chains of 512-bit fused multiply-adds, one thread (on an AVX-512
/// x64 core, like this project's build machine). Engine GFLOP/s are quoted against it, since a VM's reported clock is
/// not the one it runs at.
/// </summary>
public static class FmaPeak
{
    private const int Iterations = 50_000_000;

    // Not constants, so the JIT cannot fold x·1 + 0 away.
    private static float factor = 1f, addend = 0f;

    // Where the chains' results go, so that they are not dead code.
    private static float sink;

    public static void Run()
    {
        if (!Vector512.IsHardwareAccelerated)
        {
            Console.Error.WriteLine("peak: this core has no accelerated 512-bit vectors.");
            return;
        }
        for (var round = 1; round <= 3; round++)
        {
            var clock = Stopwatch.StartNew();
            var lanes = Chains512();
            Console.WriteLine($"round {round}: {2.0 * 10 * Iterations * lanes / clock.Elapsed.TotalSeconds / 1e9:F1} GFLOP/s ({lanes * 32}-bit FMA)");
        }
    }

    // Ten accumulators cover FMA latency × throughput on current cores; x·1 + 0 keeps the values finite.
    private static int Chains512()
    {
        var (one, zero) = (Vector512.Create(factor), Vector512.Create(addend));
        Vector512<float> a0 = one, a1 = one, a2 = one, a3 = one, a4 = one, a5 = one, a6 = one, a7 = one, a8 = one, a9 = one;
        for (var i = 0; i < Iterations; i++)
        {
            a0 = Vector512.FusedMultiplyAdd(a0, one, zero); a1 = Vector512.FusedMultiplyAdd(a1, one, zero);
            a2 = Vector512.FusedMultiplyAdd(a2, one, zero); a3 = Vector512.FusedMultiplyAdd(a3, one, zero);
            a4 = Vector512.FusedMultiplyAdd(a4, one, zero); a5 = Vector512.FusedMultiplyAdd(a5, one, zero);
            a6 = Vector512.FusedMultiplyAdd(a6, one, zero); a7 = Vector512.FusedMultiplyAdd(a7, one, zero);
            a8 = Vector512.FusedMultiplyAdd(a8, one, zero); a9 = Vector512.FusedMultiplyAdd(a9, one, zero);
        }
        sink += (a0 + a1 + a2 + a3 + a4 + a5 + a6 + a7 + a8 + a9).ToScalar();
        return Vector512<float>.Count;
    }
}
