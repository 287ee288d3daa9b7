using EdgeSearch.Core.Inference.Kernels;
using EdgeSearch.Tests.Models;

namespace EdgeSearch.Core.Tests.Inference.Kernels;

public class PoolKernelTests
{
    /// <summary>H, W, kernel, stride, pad, count_include_pad.</summary>
    public static TheoryData<int, int, int, int, int, bool> Windows() => new()
    {
        { 28, 28, 2, 2, 0, false },
        { 7, 7, 2, 2, 0, false },
        { 9, 13, 3, 2, 1, false },
        { 9, 13, 3, 2, 1, true },
        { 5, 6, 3, 1, 1, false },
        { 4, 19, 2, 1, 0, false },
    };

    [Theory]
    [MemberData(nameof(Windows))]
    public void SimdMatchesReference(int h, int w, int k, int stride, int pad, bool includePad)
    {
        foreach (var width in Platform.Widths)
        foreach (var kind in new[] { PoolKind.Max, PoolKind.Average })
        {
            var pool = new PoolGeometry(kind, 3, h, w, k, k, stride, stride, pad, pad, pad, pad, includePad);
            var image = new RandomTensors(h * w).Uniform(3 * h * w);
            var reference = new float[3 * pool.OutPlane];
            var simd = new float[3 * pool.OutPlane];
            new PoolKernel(pool, null).Run(image, reference, []);
            var kernel = new PoolKernel(pool, width);
            kernel.Run(image, simd, new float[kernel.ScratchLength]);
            Close.Equal(reference, simd, 1e-6f, $"{kind} {width}");
        }
    }

    [Fact]
    public void MaxAndAverageOfAHandWorkedPlane()
    {
        float[] plane = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16];
        var max = new float[4];
        var avg = new float[4];
        new PoolKernel(new PoolGeometry(PoolKind.Max, 1, 4, 4, 2, 2, 2, 2, 0, 0, 0, 0, false), null).Run(plane, max, []);
        new PoolKernel(new PoolGeometry(PoolKind.Average, 1, 4, 4, 2, 2, 2, 2, 0, 0, 0, 0, false), null).Run(plane, avg, []);
        Assert.Equal([6f, 8f, 14f, 16f], max);
        Assert.Equal([3.5f, 5.5f, 11.5f, 13.5f], avg);
    }
}
