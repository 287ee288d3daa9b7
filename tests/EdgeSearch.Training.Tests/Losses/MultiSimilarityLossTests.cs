using EdgeSearch.Training.Losses;
using EdgeSearch.Training.Miners;
using static TorchSharp.torch;

namespace EdgeSearch.Training.Tests.Losses;

public sealed class MultiSimilarityLossTests : TorchTest
{
    // Labels (0, 0, 1); unit embeddings (1, 0), (0.6, 0.8), (0.8, 0.6): S01 = 0.6, S02 = 0.8, S12 = 0.96.
    // With α = 2, β = 50, λ = 0.5, a positive pair costs (1/2)·log(1 + e^(-2(S-0.5))), negatives (1/50)·log(1 + Σ e^(50(S-0.5))):
    //   P01 = P10 = 0.5·log(1 + e^-0.2)  = 0.5·log(1.8187308) = 0.2990694
    //   N02       = 0.02·log(1 + e^15)   = 0.3000000
    //   N12       = 0.02·log(1 + e^23)   = 0.4600000
    //   N2{0,1}   = 0.02·log(1 + e^15 + e^23) = 0.02·(23 + log(1 + e^-8 + e^-23)) = 0.4600067
    private static readonly float[] Embeddings = [1, 0, 0.6f, 0.8f, 0.8f, 0.6f];
    private static readonly long[] Labels = [0, 0, 1];

    [Fact]
    public void AllPairsMatchHandComputedLoss()
    {
        using var embeddings = tensor(Embeddings, 3, 2);
        using var labels = tensor(Labels);

        using var value = new MultiSimilarityLoss(alpha: 2, beta: 50, lambda: 0.5).Compute(embeddings, labels);

        // Anchor 0: P01 + N02; anchor 1: P10 + N12; anchor 2 has no positive: N2{0,1}.
        // (0.2990694 + 0.3000000 + 0.2990694 + 0.4600000 + 0.4600067) / 3 = 0.6060485
        Assert.Equal(0.6060485, value.item<float>(), 1e-5);
    }

    [Fact]
    public void GivenPairsAloneCount()
    {
        using var embeddings = tensor(Embeddings, 3, 2);
        using var labels = tensor(Labels);
        using var pairs = new MinedPairs(tensor(new long[] { 0 }), tensor(new long[] { 1 }), tensor(new long[] { 1 }), tensor(new long[] { 2 }));

        using var value = new MultiSimilarityLoss().Compute(embeddings, labels, pairs);

        // Only P01 (anchor 0) and N12 (anchor 1); anchor 2 adds 0, the mean is over all three anchors:
        // (0.2990694 + 0.4600000) / 3 = 0.2530231
        Assert.Equal(0.2530231, value.item<float>(), 1e-5);
    }

    [Fact]
    public void GradientFlowsToTheEmbeddings()
    {
        using var embeddings = tensor(Embeddings, 3, 2).requires_grad_();
        using var labels = tensor(Labels);

        using var value = new MultiSimilarityLoss().Compute(embeddings, labels);
        value.backward();

        Assert.True(embeddings.grad!.abs().sum().item<float>() > 0);
    }
}
