using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace EdgeSearch.Training.Losses;

/// <summary>
/// Cross-entropy through a scaled cosine classifier: <c>logits = s · normalise(e) · normalise(W)ᵀ</c>. The class
/// weights W are learnt with the network but belong to training only; they are never exported.
/// </summary>
public sealed class CosineSoftmaxLoss : nn.Module<Tensor, Tensor, Tensor>
{
    private readonly Parameter weight;

    public CosineSoftmaxLoss(long classes, long embeddingDim, double scale = 16) : base(nameof(CosineSoftmaxLoss))
    {
        Scale = scale;
        weight = new Parameter(empty(classes, embeddingDim));
        nn.init.normal_(weight);
        register_parameter("weight", weight);
    }

    public double Scale { get; }

    /// <param name="embeddings">Embeddings <c>[N, D]</c>; they are normalised here, so any length works.</param>
    /// <param name="labels">Class labels <c>[N]</c> (int64).</param>
    public override Tensor forward(Tensor embeddings, Tensor labels)
    {
        using var scope = NewDisposeScope();
        var logits = nn.functional.normalize(embeddings, p: 2, dim: 1)
            .matmul(nn.functional.normalize(weight, p: 2, dim: 1).t()) * Scale;
        return nn.functional.cross_entropy(logits, labels).MoveToOuterDisposeScope();
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing) weight.Dispose();
        base.Dispose(disposing);
    }
}
