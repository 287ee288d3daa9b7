using EdgeSearch.Training.Losses;
using static TorchSharp.torch;

namespace EdgeSearch.Training.Tests.Losses;

public sealed class CosineSoftmaxLossTests : TorchTest
{
    [Theory]
    // e = (3, 4) normalises to (0.6, 0.8); class weights (2, 0) and (0, 5) normalise to (1, 0) and (0, 1),
    // so the cosines are 0.6 and 0.8 and the logits s·0.6, s·0.8. For label 0:
    // s = 1:  CE = log(e^0.6 + e^0.8) - 0.6 = log(1.8221188 + 2.2255409) - 0.6 = 1.3981389 - 0.6 = 0.7981389
    // s = 16: CE = log(e^9.6 + e^12.8) - 9.6 = log(14764.78 + 362217.45) - 9.6 = 12.8399533 - 9.6 = 3.2399533
    [InlineData(1, 0.7981389)]
    [InlineData(16, 3.2399533)]
    public void MatchesHandComputedCrossEntropy(double scale, double expected)
    {
        using var loss = new CosineSoftmaxLoss(classes: 2, embeddingDim: 2, scale);
        using (no_grad()) loss.parameters().Single().copy_(tensor(new float[] { 2, 0, 0, 5 }, 2, 2));
        using var embeddings = tensor(new float[] { 3, 4 }, 1, 2);
        using var labels = tensor(new long[] { 0 });

        using var value = loss.forward(embeddings, labels);

        Assert.Equal(expected, value.item<float>(), 1e-5);
    }

    [Fact]
    public void MarginLowersOnlyTheTrueClassCosine()
    {
        // As above with s = 16 and m = 0.2: the true class's cosine 0.6 becomes 0.4, so the logits are 6.4 and 12.8.
        // CE = log(e^6.4 + e^12.8) - 6.4 = log(601.84504 + 362217.45) - 6.4 = 12.8016570 - 6.4 = 6.4016570
        using var loss = new CosineSoftmaxLoss(classes: 2, embeddingDim: 2, scale: 16, margin: 0.2);
        using (no_grad()) loss.parameters().Single().copy_(tensor(new float[] { 2, 0, 0, 5 }, 2, 2));
        using var embeddings = tensor(new float[] { 3, 4 }, 1, 2);
        using var labels = tensor(new long[] { 0 });

        using var value = loss.forward(embeddings, labels);

        Assert.Equal(6.4016570, value.item<float>(), 1e-4);
    }
}
