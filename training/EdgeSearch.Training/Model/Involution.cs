using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace EdgeSearch.Training.Model;

/// <summary>
/// Involution (Li et al. 2021) as docs/model.md defines it: a per-pixel K×K kernel, generated from the pixel
/// itself and shared by the channels of a group, is applied to that pixel's neighbourhood.
/// </summary>
internal sealed class Involution : nn.Module<Tensor, Tensor>
{
    private readonly Conv2d reduce;
    private readonly BatchNorm2d bn;
    private readonly Conv2d span;
    private readonly long channels;
    private readonly long groups;
    private readonly long kernel;

    public Involution(string name, long channels, long reducedChannels, long groups, long kernel) : base(name)
    {
        this.channels = channels;
        this.groups = groups;
        this.kernel = kernel;
        reduce = nn.Conv2d(channels, reducedChannels, 1, bias: false);
        bn = nn.BatchNorm2d(reducedChannels, eps: 1e-5);
        span = nn.Conv2d(reducedChannels, groups * kernel * kernel, 1, bias: true);
        register_module("reduce", reduce);
        register_module("bn", bn);
        register_module("span", span);
    }

    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        var (n, h, w) = (x.shape[0], x.shape[2], x.shape[3]);
        var taps = kernel * kernel;
        // [N, G·K·K, H, W]: channel g·K·K + ky·K + kx weighs window offset (ky, kx) for group g.
        var weights = span.forward(nn.functional.relu(TrainingBatchNorm.Forward(bn, reduce.forward(x))));
        // unfold orders its channels c·K·K + ky·K + kx, the same window order as the weights.
        var windows = nn.functional.unfold(x, kernel, padding: kernel / 2)
            .view(n, groups, channels / groups, taps, h, w);
        var y = (windows * weights.view(n, groups, 1, taps, h, w)).sum(3).view(n, channels, h, w);
        return y.MoveToOuterDisposeScope();
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            reduce.Dispose();
            bn.Dispose();
            span.Dispose();
        }
        base.Dispose(disposing);
    }
}
