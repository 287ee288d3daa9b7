using System.Runtime.Intrinsics;
using EdgeSearch.Core.Inference.Kernels;
using EdgeSearch.Tests.Models;

namespace EdgeSearch.Core.Tests.Inference.Kernels;

public class ConvKernelTests
{
    /// <summary>in channels, H, W, out channels, kernel, stride, pad, groups.</summary>
    public static TheoryData<int, int, int, int, int, int, int, int> Geometries() => new()
    {
        { 1, 28, 28, 32, 3, 1, 1, 1 },
        { 32, 14, 14, 64, 3, 1, 1, 1 },
        { 64, 7, 7, 96, 3, 1, 1, 1 },
        { 3, 11, 13, 5, 3, 2, 1, 1 },
        { 4, 9, 10, 6, 1, 1, 0, 2 },
        { 6, 5, 7, 9, 5, 1, 2, 3 },
        { 5, 17, 19, 7, 3, 2, 0, 1 },
        { 2, 3, 3, 3, 3, 1, 1, 1 },
        { 8, 2, 1, 4, 1, 1, 0, 1 },
        { 6, 10, 9, 8, 3, 1, 0, 1 },
        { 16, 28, 28, 32, 3, 1, 1, 1 },
    };

    [Theory]
    [MemberData(nameof(Geometries))]
    public void SimdMatchesReferenceAtEveryWidth(int c, int h, int w, int m, int k, int stride, int pad, int groups)
    {
        var geometry = new ConvGeometry(c, h, w, m, k, k, stride, stride, pad, pad, pad, pad, groups);
        foreach (var activation in new[] { Activation.None, Activation.Relu, Activation.Gelu })
        {
            var random = new RandomTensors(c * 1000 + h * 10 + (int)activation);
            var conv = new FusedConv(geometry, random.Weights(m * geometry.PatchLength, geometry.PatchLength), random.Uniform(m, 0.2f), activation, null);
            Compare(conv, random.Uniform(c * h * w));
        }
    }

    [Theory]
    [MemberData(nameof(Geometries))]
    public void FusedMaxPoolMatchesReference(int c, int h, int w, int m, int k, int stride, int pad, int groups)
    {
        var geometry = new ConvGeometry(c, h, w, m, k, k, stride, stride, pad, pad, pad, pad, groups);
        if (geometry.OutHeight < 2 || geometry.OutWidth < 2) return;
        var pool = new PoolGeometry(PoolKind.Max, m, geometry.OutHeight, geometry.OutWidth, 2, 2, 2, 2, 0, 0, 0, 0, false);
        // Each activation: pooled before it where monotone, at both extremes of a window for GELU.
        foreach (var activation in new[] { Activation.None, Activation.Relu, Activation.Gelu })
        {
            var random = new RandomTensors(m + 100 * (int)activation);
            var conv = new FusedConv(geometry, random.Weights(m * geometry.PatchLength, geometry.PatchLength), random.Uniform(m, 0.2f), activation, pool);
            Compare(conv, random.Uniform(c * h * w));
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void AsymmetricPaddingAndRectangularKernels(bool pooled)
    {
        // Unit stride (shifted rows of the padded image) with pads top 1, left 0, bottom 2, right 1 and a 3x2 kernel.
        var geometry = new ConvGeometry(5, 8, 13, 32, 3, 2, 1, 1, 1, 0, 2, 1, 1);
        var random = new RandomTensors(17);
        var pool = pooled ? new PoolGeometry(PoolKind.Max, 32, geometry.OutHeight, geometry.OutWidth, 2, 2, 2, 2, 0, 0, 0, 0, false) : null;
        var conv = new FusedConv(geometry, random.Weights(32 * geometry.PatchLength, geometry.PatchLength), random.Uniform(32, 0.2f), Activation.Relu, pool);
        Compare(conv, random.Uniform(5 * 8 * 13));
    }

    [Theory]
    [MemberData(nameof(Geometries))]
    public void ThreadsSplittingTheChannelsMatchReference(int c, int h, int w, int m, int k, int stride, int pad, int groups)
    {
        var geometry = new ConvGeometry(c, h, w, m, k, k, stride, stride, pad, pad, pad, pad, groups);
        var random = new RandomTensors(m * 31 + c);
        var pool = geometry.OutHeight < 2 || geometry.OutWidth < 2 ? null
            : new PoolGeometry(PoolKind.Max, m, geometry.OutHeight, geometry.OutWidth, 2, 2, 2, 2, 0, 0, 0, 0, false);
        var conv = new FusedConv(geometry, random.Weights(m * geometry.PatchLength, geometry.PatchLength), random.Uniform(m, 0.2f), Activation.Gelu, pool);
        var image = random.Uniform(c * h * w);
        var reference = Run(KernelSelection.Conv(conv, null), image, conv.OutputLength);
        using var two = new IntraOpThreads(2);
        using var three = new IntraOpThreads(3);
        // Every layout, each on one, two and three threads: each channel's arithmetic is the same whoever runs it, and
        // wherever in a plan's larger scratch its part is.
        foreach (var (alone, byTwo, byThree) in EveryLayout(conv, IntraOpThreads.None).Zip(EveryLayout(conv, two), EveryLayout(conv, three)))
        {
            var split = Run(byTwo, image, conv.OutputLength);
            Close.Equal(reference, split, 1e-5f, byTwo.Path);
            Assert.Equal(Run(alone, image, conv.OutputLength), split);
            Assert.Equal(split, Run(byThree, image, conv.OutputLength, extraScratch: 1001));
        }
    }

    [Theory]
    [InlineData(64, 16, 64, 512, "WinogradChannelKernel")] // the parts model's 64→64 block: 64 tiles, four 512-bit vectors
    [InlineData(64, 7, 96, 512, "WinogradChannelKernel")] // 16 tiles: one 512-bit vector of them, four FMA chains
    [InlineData(32, 14, 64, 512, "WinogradChannelKernel")] // 49 tiles
    [InlineData(16, 28, 32, 512, "WinogradChannelKernel")] // the stem model's first block: 196 tiles, 401 KB of products
    [InlineData(32, 32, 64, 512, "WinogradConvKernel")] // the parts model's first 3×3 block: 256 tiles, 1 MiB of products
    [InlineData(64, 7, 96, 256, "WinogradConvKernel")] // two 256-bit vectors of tiles
    [InlineData(64, 16, 64, 256, "WinogradConvKernel")]
    [InlineData(64, 7, 96, 128, "WinogradConvKernel")]
    [InlineData(3, 64, 32, 512, "SimdConvKernel")] // 3 input channels: products too short for the transforms
    public void PlannerPicksTheLayoutItsCostModelFavours(int c, int size, int m, int bits, string kernel)
    {
        var width = (VectorWidth)bits;
        var geometry = new ConvGeometry(c, size, size, m, 3, 3, 1, 1, 1, 1, 1, 1, 1);
        var random = new RandomTensors(c + size);
        var conv = new FusedConv(geometry, random.Weights(m * geometry.PatchLength, geometry.PatchLength), random.Uniform(m, 0.2f), Activation.Gelu, null);
        Assert.Equal(kernel, KernelSelection.Conv(conv, width).GetType().Name.Split('`')[0]);
    }

    [Theory]
    [InlineData(512, 14, 512)] // 28×28: 14 tiles a row fill most of 16 lanes
    [InlineData(512, 8, 256)] // exactly half: the narrower vector holds it whole
    [InlineData(512, 7, 256)]
    [InlineData(512, 4, 128)]
    [InlineData(256, 5, 256)]
    [InlineData(128, 1, 128)] // never below 128 bits
    public void WinogradTransformsTakeTheWidthTheirRowFills(int products, int tilesX, int expected) =>
        Assert.Equal((VectorWidth)expected, WinogradConvKernel.TransformWidth((VectorWidth)products, tilesX));

    [Theory]
    [InlineData(16, 32, 8)] // a 7×7 map: 2 blocks of 8 tiles, not 3 of 7 (21 computed)
    [InlineData(64, 32, 8)] // 16×16: 8 of 8, not 10 of 7
    [InlineData(49, 32, 7)] // 14×14: 7 of 7, not 7 of 8
    [InlineData(9, 32, 7)] // 14 computed in blocks of 7, 16 in blocks of 8
    [InlineData(56, 32, 8)] // a tie: the block with more accumulators
    [InlineData(16, 16, 7)] // sixteen registers never hold eight tiles' accumulators
    public void WinogradChannelBlocksCoverTheTilesWithTheFewestProducts(int tiles, int registers, int expected) =>
        Assert.Equal(expected, WinogradChannelKernel<Vector512<float>, Simd512>.BlockTiles(tiles, registers));

    [Fact]
    public void PlannerKeepsDirectLayoutsWhereWinogradDoesNotApply()
    {
        var random = new RandomTensors(3);
        foreach (var geometry in new[]
                 {
                     new ConvGeometry(32, 16, 16, 64, 3, 3, 2, 2, 1, 1, 1, 1, 1), // stride 2
                     new ConvGeometry(32, 16, 16, 64, 3, 3, 1, 1, 1, 1, 1, 1, 2), // grouped
                     new ConvGeometry(32, 16, 16, 64, 5, 5, 1, 1, 2, 2, 2, 2, 1), // 5×5
                     new ConvGeometry(32, 3, 3, 64, 3, 3, 1, 1, 1, 1, 1, 1, 1), // 4 tiles: not two vectors
                 })
        {
            var conv = new FusedConv(geometry, random.Weights(64 * geometry.PatchLength, geometry.PatchLength), random.Uniform(64, 0.2f), Activation.Relu, null);
            Assert.DoesNotContain("Winograd", KernelSelection.Conv(conv, VectorWidth.Bits256).Path);
        }
    }

    [Fact]
    public void ReferenceComputesAHandWorkedCase()
    {
        // One 3x3 channel, a 2x2 kernel of ones, stride 1, pad 0, bias 1: each output is 1 + its window's sum.
        var geometry = new ConvGeometry(1, 3, 3, 1, 2, 2, 1, 1, 0, 0, 0, 0, 1);
        var conv = new FusedConv(geometry, [1, 1, 1, 1], [1], Activation.Relu, null);
        var output = new float[4];
        new ReferenceConvKernel(conv).Run([1, 2, 3, 4, 5, 6, 7, 8, -100], output, []);
        Assert.Equal([13f, 17f, 25f, 0f], output);
    }

    private static void Compare(FusedConv conv, float[] image)
    {
        var reference = Run(KernelSelection.Conv(conv, null), image, conv.OutputLength);
        foreach (var width in Platform.Widths)
        {
            var simd = Run(KernelSelection.Conv(conv, width), image, conv.OutputLength);
            Close.Equal(reference, simd, 1e-5f, $"{width} {conv.Activation}");
        }
        // Every SIMD layout wherever it applies, not only where the planner would pick it.
        foreach (var kernel in EveryLayout(conv, IntraOpThreads.None))
            Close.Equal(reference, Run(kernel, image, conv.OutputLength), 1e-5f, kernel.GetType().Name);
    }

    private static IEnumerable<IImageKernel> EveryLayout(FusedConv conv, IntraOpThreads threads)
    {
        foreach (var kernel in Layouts<Vector128<float>, Simd128>(conv, threads)) yield return kernel;
        if (!Platform.IsAccelerated(VectorWidth.Bits256)) yield break;
        foreach (var kernel in Layouts<Vector256<float>, Simd256>(conv, threads)) yield return kernel;
        if (!Platform.IsAccelerated(VectorWidth.Bits512)) yield break;
        foreach (var kernel in Layouts<Vector512<float>, Simd512>(conv, threads)) yield return kernel;
    }

    private static IEnumerable<IImageKernel> Layouts<TVec, TSimd>(FusedConv conv, IntraOpThreads threads) where TVec : struct where TSimd : ISimd<TVec>
    {
        yield return new SimdConvKernel<TVec, TSimd>(conv, threads);
        if (SimdChannelConvKernel<TVec, TSimd>.Fits(conv)) yield return new SimdChannelConvKernel<TVec, TSimd>(conv, threads);
        if (WinogradConvKernel.Fits(conv.Geometry)) yield return new WinogradConvKernel<TVec, TSimd>(conv, threads);
        if (WinogradChannelKernel<TVec, TSimd>.Fits(conv)) yield return new WinogradChannelKernel<TVec, TSimd>(conv, threads);
    }

    private static float[] Run(IImageKernel kernel, float[] image, int length, int extraScratch = 0)
    {
        var output = new float[length];
        kernel.Run(image, output, new float[kernel.ScratchLength + extraScratch]);
        return output;
    }
}
