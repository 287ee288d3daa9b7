using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace EdgeSearch.Training.Model;

/// <summary>
/// The Hybrid-1 embedding network (Islam et al. 2024), exactly as docs/model.md defines it, with the state-dict
/// names the exporter reads: optional stem, optional involution, four conv blocks, pooled linear embedding.
/// </summary>
public sealed class Hybrid1 : nn.Module<Tensor, Tensor>
{
    private readonly ConvBlock? stem;
    private readonly Involution? involution;
    private readonly ModuleList<ConvBlock> blocks;
    private readonly Linear embed;

    public Hybrid1(Hybrid1Options options) : base(nameof(Hybrid1))
    {
        options.Validate();
        Options = options;
        long channels = options.InputChannels;
        if (options.UseStem)
        {
            stem = new ConvBlock("stem", channels, options.StemChannels, options.Activation);
            channels = options.StemChannels;
            register_module("stem", stem);
        }
        if (options.UseInvolution)
        {
            involution = new Involution("involution", channels, options.ReducedChannels, options.Groups, options.InvolutionKernel);
            register_module("involution", involution);
        }
        blocks = new ModuleList<ConvBlock>();
        for (var i = 0; i < options.Widths.Count; i++)
        {
            blocks.Add(new ConvBlock($"block{i}", channels, options.Widths[i], options.Activation));
            channels = options.Widths[i];
        }
        register_module("blocks", blocks);
        embed = nn.Linear(channels, options.EmbeddingDim, hasBias: true);
        register_module("embed", embed);
    }

    public Hybrid1Options Options { get; }

    public long ParameterCount => parameters().Sum(p => p.numel());

    /// <summary>Maps normalised images <c>[N, C0, H, W]</c> to L2-normalised embeddings <c>[N, D]</c>.</summary>
    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        if (stem is not null) x = stem.forward(x);
        if (involution is not null) x = involution.forward(x);
        for (var i = 0; i < blocks.Count; i++)
        {
            x = blocks[i].forward(x);
            if (i < 2) x = nn.functional.max_pool2d(x, 2, 2);
        }
        var pooled = Options.Pooling == Pooling.Max ? x.amax([2, 3]) : x.mean([2, 3]);
        var embedding = nn.functional.normalize(embed.forward(pooled), p: 2, dim: 1);
        return embedding.MoveToOuterDisposeScope();
    }

    /// <summary>
    /// The trained tensors under their docs/model.md names, BN running statistics included, as plain data for the
    /// exporter. BN's batch counter is training bookkeeping, not part of the model, so it is left out.
    /// </summary>
    public IReadOnlyDictionary<string, WeightTensor> Weights()
    {
        var weights = new Dictionary<string, WeightTensor>();
        foreach (var (name, tensor) in named_parameters().Select(p => (p.name, (Tensor)p.parameter)).Concat(named_buffers()))
        {
            if (name.EndsWith(".num_batches_tracked", StringComparison.Ordinal)) continue;
            using var data = tensor.detach().cpu().contiguous();
            weights[name] = new WeightTensor(data.data<float>().ToArray(), data.shape.ToArray());
        }
        return weights;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            stem?.Dispose();
            involution?.Dispose();
            blocks.Dispose();
            embed.Dispose();
        }
        base.Dispose(disposing);
    }
}
