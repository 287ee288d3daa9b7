using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace EdgeSearch.Training.Model;

/// <summary><c>act(BN(Conv3x3(x, pad 1, no bias)))</c>: the stem and each of the four blocks.</summary>
internal sealed class ConvBlock : nn.Module<Tensor, Tensor>
{
    private readonly Conv2d conv;
    private readonly BatchNorm2d bn;
    private readonly Activation activation;

    public ConvBlock(string name, long inChannels, long outChannels, Activation activation) : base(name)
    {
        conv = nn.Conv2d(inChannels, outChannels, 3, padding: 1, bias: false);
        bn = nn.BatchNorm2d(outChannels, eps: 1e-5);
        this.activation = activation;
        register_module("conv", conv);
        register_module("bn", bn);
    }

    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        return Apply(activation, TrainingBatchNorm.Forward(bn, conv.forward(x))).MoveToOuterDisposeScope();
    }

    public static Tensor Apply(Activation activation, Tensor x) => activation switch
    {
        Activation.Gelu => nn.functional.gelu(x),
        Activation.Relu => nn.functional.relu(x),
        _ => throw new ArgumentOutOfRangeException(nameof(activation), activation, "Unknown activation."),
    };

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            conv.Dispose();
            bn.Dispose();
        }
        base.Dispose(disposing);
    }
}
