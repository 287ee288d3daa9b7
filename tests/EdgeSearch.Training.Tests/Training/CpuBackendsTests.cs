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
    /// The cases oneDNN gets wrong on AVX-512 CPUs (with oneDNN on, every such gradient on this machine was off, some by
    /// NaN) come out right with it off: libtorch's own kernels against the float64 reference.
    /// </summary>
    [Fact]
    public void WithOneDnnOffAConvolutionsInputGradientIsRight()
    {
        CpuBackends.OneDnn = false;
        Assert.True(OneDnnGradientCheck.LargestExcess(trials: 20) <= 0);
    }
}
