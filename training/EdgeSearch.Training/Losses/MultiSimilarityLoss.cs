using EdgeSearch.Training.Miners;
using TorchSharp;
using static TorchSharp.torch;

namespace EdgeSearch.Training.Losses;

/// <summary>
/// Multi-Similarity loss (Wang et al. 2019) on cosine similarity S. For each anchor i, over its positive pairs P_i and
/// negative pairs N_i: <c>(1/α)·log(1 + Σ_P exp(-α(S_ik - λ))) + (1/β)·log(1 + Σ_N exp(β(S_ik - λ)))</c>, averaged
/// over the batch. The pairs come from the caller (usually a miner); without pairs every pair of the batch counts.
/// </summary>
public sealed class MultiSimilarityLoss(double alpha = 2, double beta = 50, double lambda = 0.5)
{
    public double Alpha { get; } = alpha;
    public double Beta { get; } = beta;
    public double Lambda { get; } = lambda;

    /// <param name="embeddings">L2-normalised embeddings <c>[N, D]</c>.</param>
    /// <param name="labels">Class labels <c>[N]</c> (int64).</param>
    /// <param name="pairs">The pairs to use, or null for all pairs.</param>
    public Tensor Compute(Tensor embeddings, Tensor labels, MinedPairs? pairs = null)
    {
        using var scope = NewDisposeScope();
        // Explicit Scalars, disposed after use: see Model.TrainingBatchNorm for what an implicit one can do.
        using var lambda = Lambda.ToScalar();
        using var alpha = Alpha.ToScalar();
        using var minusAlpha = (-Alpha).ToScalar();
        using var beta = Beta.ToScalar();
        using var one = 1.ToScalar();
        var n = embeddings.shape[0];
        var similarity = embeddings.matmul(embeddings.t());
        var (positive, negative) = pairs is null
            ? PairMasks.Of(labels)
            : (PairMasks.At(n, pairs.PositiveAnchors, pairs.Positives), PairMasks.At(n, pairs.NegativeAnchors, pairs.Negatives));
        var shifted = similarity - lambda;
        var positiveTerm = SoftplusOfLogSumExp(shifted * minusAlpha, positive) / alpha;
        var negativeTerm = SoftplusOfLogSumExp(shifted * beta, negative) / beta;
        return positiveTerm.add(negativeTerm, alpha: one).mean().MoveToOuterDisposeScope();
    }

    /// <summary><c>log(1 + Σ_k mask[i,k]·exp(x[i,k]))</c> per row, stably; a row without pairs gives 0.</summary>
    private static Tensor SoftplusOfLogSumExp(Tensor x, Tensor mask)
    {
        using var minusInfinity = double.NegativeInfinity.ToScalar();
        var masked = x.masked_fill(mask.logical_not(), minusInfinity);
        var withOne = cat([masked, zeros(x.shape[0], 1, dtype: x.dtype, device: x.device)], 1);
        return withOne.logsumexp(1);
    }
}
