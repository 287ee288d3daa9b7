using EdgeSearch.Training.Miners;
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
        var n = embeddings.shape[0];
        var similarity = embeddings.matmul(embeddings.t());
        var (positive, negative) = pairs is null
            ? PairMasks.Of(labels)
            : (PairMasks.At(n, pairs.PositiveAnchors, pairs.Positives), PairMasks.At(n, pairs.NegativeAnchors, pairs.Negatives));
        var positiveTerm = SoftplusOfLogSumExp(-Alpha * (similarity - Lambda), positive) / Alpha;
        var negativeTerm = SoftplusOfLogSumExp(Beta * (similarity - Lambda), negative) / Beta;
        return (positiveTerm + negativeTerm).mean().MoveToOuterDisposeScope();
    }

    /// <summary><c>log(1 + Σ_k mask[i,k]·exp(x[i,k]))</c> per row, stably; a row without pairs gives 0.</summary>
    private static Tensor SoftplusOfLogSumExp(Tensor x, Tensor mask)
    {
        var masked = x.masked_fill(mask.logical_not(), double.NegativeInfinity);
        var withOne = cat([masked, zeros(x.shape[0], 1, dtype: x.dtype, device: x.device)], 1);
        return withOne.logsumexp(1);
    }
}
