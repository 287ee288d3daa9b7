using System.Runtime.Intrinsics;
using EdgeSearch.Core.Inference.Kernels;
using EdgeSearch.Tests.Models;

namespace EdgeSearch.Core.Tests.Inference.Kernels;

public class ActivatedMaxPoolTests
{
    [Fact]
    public void LaneSplitsAndInterleavesMatchTheirDefinitionAtEveryWidth()
    {
        CheckLaneSplits<Vector128<float>, Simd128>();
        CheckLaneSplits<Vector256<float>, Simd256>();
        CheckLaneSplits<Vector512<float>, Simd512>();
    }

    /// <summary>H, W, row stride (≥ W: padding columns between rows), as the pixel and channel conv kernels pass them.</summary>
    [Theory]
    [InlineData(28, 28, 30)]
    [InlineData(14, 14, 16)]
    [InlineData(14, 14, 14)]
    [InlineData(7, 9, 11)]
    [InlineData(2, 2, 2)]
    [InlineData(5, 37, 40)]
    public void PoolingBeforeActivatingMatchesActivatingFirst(int height, int width, int stride)
    {
        var pool = new PoolGeometry(PoolKind.Max, 1, height, width, 2, 2, 2, 2, 0, 0, 0, 0, false);
        // Around GELU's minimum (x ≈ −0.75), where a window's largest activation can come from its smallest input.
        var plane = new RandomTensors(height * 100 + stride).Uniform((height - 1) * stride + width + ActivatedMaxPool.Overrun(16), 3f);
        foreach (var activation in new[] { Activation.None, Activation.Relu, Activation.Gelu })
        {
            var expected = Reference(activation, pool, plane, stride);
            Close.Equal(expected, Run<Vector128<float>, Simd128>(activation, pool, plane, stride), 1e-5f, $"128 {activation}");
            if (Platform.IsAccelerated(VectorWidth.Bits256)) Close.Equal(expected, Run<Vector256<float>, Simd256>(activation, pool, plane, stride), 1e-5f, $"256 {activation}");
            if (Platform.IsAccelerated(VectorWidth.Bits512)) Close.Equal(expected, Run<Vector512<float>, Simd512>(activation, pool, plane, stride), 1e-5f, $"512 {activation}");
        }
    }

    [Fact]
    public void GeluWindowOfNegativesTakesItsSmallestInput()
    {
        // GELU(−3) ≈ −0.0040 is the largest of GELU(−3), GELU(−2.5), GELU(−2), GELU(−1.9) ≈ −0.0546.
        var pool = new PoolGeometry(PoolKind.Max, 1, 2, 2, 2, 2, 2, 2, 0, 0, 0, 0, false);
        float[] plane = [-3f, -2.5f, -2f, -1.9f, .. new float[ActivatedMaxPool.Overrun(4)]];
        var pooled = Run<Vector128<float>, Simd128>(Activation.Gelu, pool, plane, 2);
        Assert.Equal(-0.00404951, pooled[0], 1e-6);
    }

    [Fact]
    public void FitsOnlyTwoByTwoStrideTwoMaxPools()
    {
        Assert.True(ActivatedMaxPool.Fits(new PoolGeometry(PoolKind.Max, 1, 8, 8, 2, 2, 2, 2, 0, 0, 0, 0, false), Activation.Gelu));
        Assert.False(ActivatedMaxPool.Fits(new PoolGeometry(PoolKind.Average, 1, 8, 8, 2, 2, 2, 2, 0, 0, 0, 0, false), Activation.Gelu));
        Assert.False(ActivatedMaxPool.Fits(new PoolGeometry(PoolKind.Max, 1, 8, 8, 3, 3, 2, 2, 0, 0, 0, 0, false), Activation.Relu));
        Assert.False(ActivatedMaxPool.Fits(new PoolGeometry(PoolKind.Max, 1, 8, 8, 2, 2, 1, 1, 0, 0, 0, 0, false), Activation.None));
    }

    private static void CheckLaneSplits<TVec, TSimd>() where TVec : struct where TSimd : ISimd<TVec>
    {
        var lanes = TSimd.Count;
        var values = Enumerable.Range(0, 2 * lanes).Select(i => (float)i).ToArray();
        var (even, odd) = (new float[lanes], new float[lanes]);
        var a = TSimd.Load(ref values[0], 0);
        var b = TSimd.Load(ref values[0], (nuint)lanes);
        TSimd.Store(TSimd.EvenLanes(a, b), ref even[0], 0);
        TSimd.Store(TSimd.OddLanes(a, b), ref odd[0], 0);
        Assert.Equal(Enumerable.Range(0, lanes).Select(i => 2f * i), even);
        Assert.Equal(Enumerable.Range(0, lanes).Select(i => 2f * i + 1), odd);
        // Interleaving the even and odd lanes gives back the two vectors they came from.
        var (lower, upper) = (new float[lanes], new float[lanes]);
        var (e, o) = (TSimd.Load(ref even[0], 0), TSimd.Load(ref odd[0], 0));
        TSimd.Store(TSimd.InterleaveLower(e, o), ref lower[0], 0);
        TSimd.Store(TSimd.InterleaveUpper(e, o), ref upper[0], 0);
        Assert.Equal(values[..lanes], lower);
        Assert.Equal(values[lanes..], upper);
    }

    /// <summary>Activate every input, then pool with the scalar reference.</summary>
    private static float[] Reference(Activation activation, PoolGeometry pool, float[] plane, int stride)
    {
        var dense = new float[pool.InPlane];
        for (var y = 0; y < pool.InHeight; y++) plane.AsSpan(y * stride, pool.InWidth).CopyTo(dense.AsSpan(y * pool.InWidth));
        Activations.Apply(activation, null, dense, dense);
        var pooled = new float[pool.OutPlane];
        PoolKernels.Reference(pool, dense, pooled);
        return pooled;
    }

    private static float[] Run<TVec, TSimd>(Activation activation, PoolGeometry pool, float[] plane, int stride)
        where TVec : struct where TSimd : ISimd<TVec>
    {
        var pooled = new float[pool.OutPlane];
        ActivatedMaxPool.Run<TVec, TSimd>(activation, pool, plane, stride, pooled, new float[ActivatedMaxPool.ScratchLength(pool, TSimd.Count)]);
        return pooled;
    }
}
