using EdgeSearch.Training.Losses;
using EdgeSearch.Training.Miners;
using TorchSharp;
using static TorchSharp.torch;

namespace EdgeSearch.Training.Training;

/// <summary><c>loss(emb, labels, miner(emb, labels))</c> as one training objective.</summary>
internal sealed class MultiSimilarityObjective(MultiSimilarityLoss loss, MultiSimilarityMiner miner)
    : nn.Module<Tensor, Tensor, Tensor>(nameof(MultiSimilarityObjective))
{
    public override Tensor forward(Tensor embeddings, Tensor labels)
    {
        using var pairs = miner.Mine(embeddings, labels);
        return loss.Compute(embeddings, labels, pairs);
    }
}
