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
        var random = new RandomTensors(m);
        var pool = new PoolGeometry(PoolKind.Max, m, geometry.OutHeight, geometry.OutWidth, 2, 2, 2, 2, 0, 0, 0, 0, false);
        var conv = new FusedConv(geometry, random.Weights(m * geometry.PatchLength, geometry.PatchLength), random.Uniform(m, 0.2f), Activation.Gelu, pool);
        Compare(conv, random.Uniform(c * h * w));
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
        foreach (var width in Platform.Widths)
        {
            using var two = new IntraOpThreads(2);
            using var three = new IntraOpThreads(3);
            var (byTwo, byThree) = (KernelSelection.Conv(conv, width, two), KernelSelection.Conv(conv, width, three));
            Assert.Contains("pixel rows", byTwo.Path); // the kernel that splits
            var split = Run(byTwo, image, conv.OutputLength);
            Close.Equal(reference, split, 1e-5f, width.ToString());
            Assert.Equal(split, Run(byThree, image, conv.OutputLength)); // each channel's arithmetic is the same whoever runs it
        }
    }

    [Theory]
    [InlineData(64, 16, 64, "channels in lanes")] // the parts model's 64→64 block: 288 columns for 256 outputs, k = 576
    [InlineData(64, 7, 96, "channels in lanes")] // 64 columns for 49 outputs
    [InlineData(32, 14, 64, "pixel rows")] // Fashion-MNIST's 32→64 block: k = 288 is too short to pay for the epilogue
    [InlineData(32, 32, 64, "pixel rows")] // 1,088 columns for 1,024 outputs
    public void PlannerPicksTheLayoutItsCostModelFavours(int c, int size, int m, string layout)
    {
        var geometry = new ConvGeometry(c, size, size, m, 3, 3, 1, 1, 1, 1, 1, 1, 1);
        var random = new RandomTensors(c + size);
        var conv = new FusedConv(geometry, random.Weights(m * geometry.PatchLength, geometry.PatchLength), random.Uniform(m, 0.2f), Activation.Gelu, null);
        foreach (var width in new[] { VectorWidth.Bits256, VectorWidth.Bits512 })
            Assert.Contains(layout, KernelSelection.Conv(conv, width).Path);
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
        foreach (var kernel in EveryLayout(conv))
            Close.Equal(reference, Run(kernel, image, conv.OutputLength), 1e-5f, kernel.GetType().Name);
    }

    private static IEnumerable<IImageKernel> EveryLayout(FusedConv conv)
    {
        foreach (var kernel in Layouts<Vector128<float>, Simd128>(conv)) yield return kernel;
        if (!Platform.IsAccelerated(VectorWidth.Bits256)) yield break;
        foreach (var kernel in Layouts<Vector256<float>, Simd256>(conv)) yield return kernel;
        if (!Platform.IsAccelerated(VectorWidth.Bits512)) yield break;
        foreach (var kernel in Layouts<Vector512<float>, Simd512>(conv)) yield return kernel;
    }

    private static IEnumerable<IImageKernel> Layouts<TVec, TSimd>(FusedConv conv) where TVec : struct where TSimd : ISimd<TVec>
    {
        yield return new SimdConvKernel<TVec, TSimd>(conv, IntraOpThreads.None);
        if (SimdChannelConvKernel<TVec, TSimd>.Fits(conv)) yield return new SimdChannelConvKernel<TVec, TSimd>(conv);
        if (WinogradConvKernel<TVec, TSimd>.Fits(conv.Geometry)) yield return new WinogradConvKernel<TVec, TSimd>(conv, IntraOpThreads.None);
    }

    private static float[] Run(IImageKernel kernel, float[] image, int length)
    {
        var output = new float[length];
        kernel.Run(image, output, new float[kernel.ScratchLength]);
        return output;
    }
}
