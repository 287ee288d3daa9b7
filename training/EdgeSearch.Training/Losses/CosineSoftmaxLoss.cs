using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace EdgeSearch.Training.Losses;

/// <summary>
/// Cross-entropy through a scaled cosine classifier: <c>logits = s · (normalise(e) · normalise(W)ᵀ − m · onehot(y))</c>.
/// The additive margin m (CosFace) makes an embedding beat the other classes by m in cosine, which tightens each
/// class around its centre: what retrieval (MAP@R) rewards. The class weights W belong to training only; they are
/// never exported.
/// </summary>
public sealed class CosineSoftmaxLoss : nn.Module<Tensor, Tensor, Tensor>
{
    private readonly Parameter weight;

    public CosineSoftmaxLoss(long classes, long embeddingDim, double scale = 16, double margin = 0) : base(nameof(CosineSoftmaxLoss))
    {
        if (margin < 0) throw new ArgumentOutOfRangeException(nameof(margin), margin, "The cosine margin must not be negative.");
        Scale = scale;
        Margin = margin;
        weight = new Parameter(empty(classes, embeddingDim));
        nn.init.normal_(weight);
        register_parameter("weight", weight);
    }

    public double Scale { get; }
    public double Margin { get; }

    /// <param name="embeddings">Embeddings <c>[N, D]</c>; they are normalised here, so any length works.</param>
    /// <param name="labels">Class labels <c>[N]</c> (int64).</param>
    public override Tensor forward(Tensor embeddings, Tensor labels)
    {
        using var scope = NewDisposeScope();
        // Explicit Scalars, disposed after use: see Model.TrainingBatchNorm for what an implicit one can do.
        using var margin = Margin.ToScalar();
        using var scale = Scale.ToScalar();
        var cosines = nn.functional.normalize(embeddings, p: 2, dim: 1).matmul(nn.functional.normalize(weight, p: 2, dim: 1).t());
        var logits = (cosines - nn.functional.one_hot(labels, cosines.shape[1]).to(cosines.dtype) * margin) * scale;
        return nn.functional.cross_entropy(logits, labels).MoveToOuterDisposeScope();
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing) weight.Dispose();
        base.Dispose(disposing);
    }
}
