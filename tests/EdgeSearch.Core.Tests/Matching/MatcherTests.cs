using EdgeSearch.Core.Index;
using EdgeSearch.Core.Inference;
using EdgeSearch.Core.Matching;

namespace EdgeSearch.Core.Tests.Matching;

public class MatcherTests
{
    /// <summary>Embeds a 2-pixel image as itself, normalised: enough to steer the match by hand.</summary>
    private sealed class PixelsAsEmbedding : IEmbedder
    {
        public string Backend => "test";
        public InputShape InputShape => new(1, 1, 2);
        public int EmbeddingDimension => 2;
        public void Dispose() { }

        public void Embed(ReadOnlySpan<float> images, int count, Span<float> embeddings)
        {
            var norm = MathF.Sqrt(images[0] * images[0] + images[1] * images[1]);
            embeddings[0] = images[0] / norm;
            embeddings[1] = images[1] / norm;
        }
    }

    private static Matcher Create(float threshold)
    {
        var index = new VectorIndex(2);
        index.Add(10, [1f, 0f]);
        index.Add(11, [0.96f, 0.28f]);
        index.Add(20, [0f, 1f]);
        var labels = new Dictionary<long, string> { [10] = "ok", [11] = "ok", [20] = "scratch" };
        return new Matcher(new PixelsAsEmbedding(), index, id => labels[id], new DecisionPolicy(threshold), neighbors: 2);
    }

    [Fact]
    public void DecidesFromTheNearestEnrolledEntries()
    {
        var decision = Create(threshold: 0.5f).Match([0.1f, 1f]);
        Assert.Equal("scratch", decision.Label);
        // cos to (0,1) = 1/sqrt(1.01); the other label's best is (0.96,0.28): (0.096+0.28)/sqrt(1.01).
        Assert.Equal(1 / MathF.Sqrt(1.01f), decision.Similarity, 5);
        Assert.Equal((1 - 0.376f) / MathF.Sqrt(1.01f), decision.Margin, 5);
        Assert.Equal([20L, 11L], decision.Neighbors.Select(n => n.Id));
    }

    [Fact]
    public void IsUnknownBelowTheThreshold()
    {
        var decision = Create(threshold: 0.99f).Match([1f, 1f]);
        Assert.True(decision.IsUnknown);
        Assert.Equal("ok", decision.Candidate);
    }

    [Fact]
    public void RefusesAnImageWhoseEmbeddingIsNotFinite()
    {
        // A black image: 0/0 in the normalisation, the NaN a damaged model makes.
        var error = Assert.Throws<InvalidDataException>(() => Create(threshold: 0.5f).Match([0f, 0f]));
        Assert.Contains("non-finite", error.Message);
    }

    [Fact]
    public void RefusesAnIndexOfAnotherDimension() =>
        Assert.Throws<ArgumentException>(() => new Matcher(new PixelsAsEmbedding(), new VectorIndex(3), _ => "", new DecisionPolicy(0)));
}
