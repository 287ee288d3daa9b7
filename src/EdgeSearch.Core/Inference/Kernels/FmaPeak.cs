using System.Diagnostics;
using System.Runtime.Intrinsics;

namespace EdgeSearch.Core.Inference.Kernels;

/// <summary>
/// The core's measured fp32 peak: ten independent chains of fused multiply-adds at the widest accelerated width, one
/// thread. Engine GFLOP/s are quoted against it, since a VM's reported clock is not the one it runs at.
/// </summary>
public static class FmaPeak
{
    // Not constants, so the JIT cannot fold x·1 + 0 away.
    private static float factor = 1f, addend = 0f;

    // Where the chains' results go, so that they are not dead code.
    private static float sink;

    /// <summary>
    /// GFLOP/s of one thread at <see cref="Platform.Widest"/>: the best of <paramref name="rounds"/> short rounds of
    /// <paramref name="iterations"/> steps, so that on a shared machine one of them likely runs unpreempted.
    /// </summary>
    public static double Measure(int iterations = 2_000_000, int rounds = 20)
    {
        var best = 0.0;
        for (var round = 0; round < rounds; round++)
        {
            var clock = Stopwatch.StartNew();
            var lanes = Platform.Widest switch
            {
                VectorWidth.Bits512 => Chains<Vector512<float>, Simd512>(iterations),
                VectorWidth.Bits256 => Chains<Vector256<float>, Simd256>(iterations),
                _ => Chains<Vector128<float>, Simd128>(iterations),
            };
            best = Math.Max(best, 2.0 * 10 * iterations * lanes / clock.Elapsed.TotalSeconds / 1e9);
        }
        return best;
    }

    // Ten accumulators cover FMA latency × throughput on current cores; x·1 + 0 keeps the values finite.
    private static int Chains<TVec, TSimd>(int iterations) where TVec : struct where TSimd : ISimd<TVec>
    {
        var (one, zero) = (TSimd.Broadcast(factor), TSimd.Broadcast(addend));
        TVec a0 = one, a1 = one, a2 = one, a3 = one, a4 = one, a5 = one, a6 = one, a7 = one, a8 = one, a9 = one;
        for (var i = 0; i < iterations; i++)
        {
            a0 = TSimd.MultiplyAdd(a0, one, zero); a1 = TSimd.MultiplyAdd(a1, one, zero);
            a2 = TSimd.MultiplyAdd(a2, one, zero); a3 = TSimd.MultiplyAdd(a3, one, zero);
            a4 = TSimd.MultiplyAdd(a4, one, zero); a5 = TSimd.MultiplyAdd(a5, one, zero);
            a6 = TSimd.MultiplyAdd(a6, one, zero); a7 = TSimd.MultiplyAdd(a7, one, zero);
            a8 = TSimd.MultiplyAdd(a8, one, zero); a9 = TSimd.MultiplyAdd(a9, one, zero);
        }
        var sum = TSimd.Add(TSimd.Add(TSimd.Add(a0, a1), TSimd.Add(a2, a3)), TSimd.Add(TSimd.Add(a4, a5), TSimd.Add(TSimd.Add(a6, a7), TSimd.Add(a8, a9))));
        sink += TSimd.Sum(sum);
        return TSimd.Count;
    }
}
