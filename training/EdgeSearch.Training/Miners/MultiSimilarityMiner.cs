using TorchSharp;
using static TorchSharp.torch;

namespace EdgeSearch.Training.Miners;

/// <summary>
/// The Multi-Similarity miner (Wang et al. 2019) on cosine similarity. A positive pair is kept when it is less
/// similar than the anchor's most similar negative plus <see cref="Epsilon"/>; a negative pair is kept when it is
/// more similar than the anchor's least similar positive minus <see cref="Epsilon"/>.
/// </summary>
public sealed class MultiSimilarityMiner(double epsilon = 0.1)
{
    public double Epsilon { get; } = epsilon;

    /// <param name="embeddings">L2-normalised embeddings <c>[N, D]</c>.</param>
    /// <param name="labels">Class labels <c>[N]</c> (int64).</param>
    public MinedPairs Mine(Tensor embeddings, Tensor labels)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        // Explicit Scalars, disposed after use: see Model.TrainingBatchNorm for what an implicit one can do.
        using var epsilon = Epsilon.ToScalar();
        using var minusInfinity = double.NegativeInfinity.ToScalar();
        using var infinity = double.PositiveInfinity.ToScalar();
        using var one = 1.ToScalar();
        var similarity = embeddings.matmul(embeddings.t());
        var (positive, negative) = PairMasks.Of(labels);
        var hardestNegative = similarity.masked_fill(negative.logical_not(), minusInfinity).amax([1], keepdim: true);
        var easiestPositive = similarity.masked_fill(positive.logical_not(), infinity).amin([1], keepdim: true);
        var keptPositive = positive.logical_and(similarity - epsilon < hardestNegative).nonzero();
        var keptNegative = negative.logical_and(similarity.add(epsilon, alpha: one) > easiestPositive).nonzero();
        return new MinedPairs(
            keptPositive[.., 0].MoveToOuterDisposeScope(), keptPositive[.., 1].MoveToOuterDisposeScope(),
            keptNegative[.., 0].MoveToOuterDisposeScope(), keptNegative[.., 1].MoveToOuterDisposeScope());
    }
}
