using EdgeSearch.Training.Miners;
using static TorchSharp.torch;

namespace EdgeSearch.Training.Tests.Miners;

public sealed class MultiSimilarityMinerTests : TorchTest
{
    [Fact]
    public void KeepsOnlyPairsWithinEpsilonOfTheHardestOppositePair()
    {
        // Unit vectors at angles 0°, 30° (class 0) and -63°, 100° (class 1); S = cos(angle difference):
        //   S01 = cos 30 = 0.866   S02 = cos 63 = 0.454   S03 = cos 100 = -0.174
        //   S12 = cos 93 = -0.052  S13 = cos 70 = 0.342   S23 = cos 163 = -0.956
        // ε = 0.1. A positive (a,p) stays if S_ap - ε < max negative of a; a negative (a,n) if S_an + ε > min positive of a.
        //   a=0: (0,1) 0.766 < 0.454? no.  (0,2) 0.554 > 0.866? no.  (0,3) -0.074 > 0.866? no.
        //   a=1: (1,0) 0.766 < 0.342? no.  (1,2) 0.048 > 0.866? no.  (1,3) 0.442 > 0.866? no.
        //   a=2: (2,3) -1.056 < 0.454 yes. (2,0) 0.554 > -0.956 yes. (2,1) 0.048 > -0.956 yes.
        //   a=3: (3,2) -1.056 < 0.342 yes. (3,0) -0.074 > -0.956 yes. (3,1) 0.442 > -0.956 yes.
        double[] degrees = [0, 30, -63, 100];
        var values = degrees.SelectMany(d => new[] { (float)Math.Cos(d * Math.PI / 180), (float)Math.Sin(d * Math.PI / 180) }).ToArray();
        using var embeddings = tensor(values, 4, 2);
        using var labels = tensor(new long[] { 0, 0, 1, 1 });

        using var pairs = new MultiSimilarityMiner(epsilon: 0.1).Mine(embeddings, labels);

        Assert.Equal([(2L, 3L), (3L, 2L)], Pairs(pairs.PositiveAnchors, pairs.Positives));
        Assert.Equal([(2L, 0L), (2L, 1L), (3L, 0L), (3L, 1L)], Pairs(pairs.NegativeAnchors, pairs.Negatives));
    }

    [Fact]
    public void WideEpsilonKeepsEveryPairButNeverAnImageWithItself()
    {
        using var embeddings = tensor(new float[] { 1, 0, 0, 1, 0.6f, 0.8f }, 3, 2);
        using var labels = tensor(new long[] { 0, 0, 1 });

        using var pairs = new MultiSimilarityMiner(epsilon: 10).Mine(embeddings, labels);

        Assert.Equal([(0L, 1L), (1L, 0L)], Pairs(pairs.PositiveAnchors, pairs.Positives));
        // Image 2 has no positive, so it anchors no negative pair.
        Assert.Equal([(0L, 2L), (1L, 2L)], Pairs(pairs.NegativeAnchors, pairs.Negatives));
    }

    private static List<(long, long)> Pairs(Tensor anchors, Tensor others) =>
        anchors.data<long>().Zip(others.data<long>()).OrderBy(p => p).ToList();
}
