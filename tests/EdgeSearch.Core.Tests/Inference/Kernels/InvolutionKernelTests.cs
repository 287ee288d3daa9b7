using EdgeSearch.Core.Inference.Kernels;
using EdgeSearch.Tests.Models;

namespace EdgeSearch.Core.Tests.Inference.Kernels;

public class InvolutionKernelTests
{
    /// <summary>channels, H, W, kernel, groups, reduced.</summary>
    public static TheoryData<int, int, int, int, int, int> Shapes() => new()
    {
        { 1, 28, 28, 3, 1, 1 },
        { 16, 14, 14, 3, 4, 4 },
        { 6, 9, 21, 5, 2, 3 },
        { 3, 5, 17, 3, 3, 1 },
        { 4, 6, 4, 3, 1, 2 },
    };

    [Theory]
    [MemberData(nameof(Shapes))]
    public void SimdMatchesReferenceAtEveryWidth(int c, int h, int w, int k, int g, int cr)
    {
        var random = new RandomTensors(c * 100 + w);
        var taps = k * k;
        var inv = new Involution(c, h, w, k, g, cr, random.Weights(cr * c, c), random.Uniform(cr, 0.5f),
            random.Weights(g * taps * cr, cr), random.Uniform(g * taps, 0.1f));
        var image = random.Uniform(inv.Length);
        var reference = Run(KernelSelection.Involution(inv, null), image, inv.Length);
        foreach (var width in Platform.Widths)
            Close.Equal(reference, Run(KernelSelection.Involution(inv, width), image, inv.Length), 1e-5f, width.ToString());
    }

    [Fact]
    public void ReferenceComputesAHandWorkedCase()
    {
        // One channel, 3x3 kernel, reduce = ReLU(x), span gives tap weights x·(tap index) + 0, so at the
        // centre of a 3x3 image of ones (x = 1 everywhere) the output is Σ_t t·1 = 36; at a corner only
        // taps 4, 5, 7, 8 see the image: 24.
        var spanW = new float[9];
        for (var t = 0; t < 9; t++) spanW[t] = t;
        var inv = new Involution(1, 3, 3, 3, 1, 1, [1f], [0f], spanW, new float[9]);
        var output = new float[9];
        new ReferenceInvolutionKernel(inv).Run([1, 1, 1, 1, 1, 1, 1, 1, 1], output, new float[10]);
        Assert.Equal(36f, output[4]);
        Assert.Equal(24f, output[0]);
    }

    private static float[] Run(IImageKernel kernel, float[] image, int length)
    {
        var output = new float[length];
        kernel.Run(image, output, new float[kernel.ScratchLength]);
        return output;
    }
}
