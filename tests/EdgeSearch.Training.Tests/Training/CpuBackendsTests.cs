using EdgeSearch.Training.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace EdgeSearch.Training.Tests.Training;

public sealed class CpuBackendsTests : TorchTest, IDisposable
{
    private readonly bool oneDnnBefore = CpuBackends.OneDnn;
    private readonly bool nnpackBefore = CpuBackends.Nnpack;

    public void Dispose()
    {
        CpuBackends.OneDnn = oneDnnBefore;
        CpuBackends.Nnpack = nnpackBefore;
    }

    [Fact]
    public void TheOneDnnSwitchReadsBackWhatWasSet()
    {
        CpuBackends.OneDnn = true;
        Assert.True(CpuBackends.OneDnn);
        CpuBackends.OneDnn = false;
        Assert.False(CpuBackends.OneDnn);
    }

    [Fact]
    public void TheNnpackSwitchReadsBackWhatWasSet()
    {
        CpuBackends.Nnpack = true;
        Assert.True(CpuBackends.Nnpack);
        CpuBackends.Nnpack = false;
        Assert.False(CpuBackends.Nnpack);
    }

    /// <summary>
    /// The case oneDNN gets wrong on AVX-512 CPUs: 8 output channels, fewer than its channel block of 16 (with oneDNN on,
    /// every such gradient on this machine was off, some by NaN). The reference is the same convolution in float64,
    /// which libtorch never runs on oneDNN.
    /// </summary>
    [Theory]
    [InlineData(8, 8, 4)]
    [InlineData(4, 8, 8)]
    [InlineData(8, 16, 4)]
    public void WithOneDnnOffAConvolutionsInputGradientIsRight(int inChannels, int outChannels, int size)
    {
        CpuBackends.OneDnn = false;
        using var scope = NewDisposeScope();
        manual_seed(7);
        for (var trial = 0; trial < 20; trial++)
        {
            var input = randn(8, inChannels, size, size);
            var weight = randn(outChannels, inChannels, 3, 3);
            var outputGradient = randn(8, outChannels, size, size);

            var actual = InputGradient(input, weight, outputGradient);
            var expected = InputGradient(input.to(float64), weight.to(float64), outputGradient.to(float64));

            Assert.True(actual.to(float64).allclose(expected, rtol: 1e-4, atol: 1e-4),
                $"trial {trial}: largest error {(actual.to(float64) - expected).abs().max().item<double>()}");
        }
    }

    private static Tensor InputGradient(Tensor input, Tensor weight, Tensor outputGradient)
    {
        var x = input.detach().requires_grad_();
        (nn.functional.conv2d(x, weight, padding: [1, 1]) * outputGradient).sum().backward();
        return x.grad!;
    }
}
