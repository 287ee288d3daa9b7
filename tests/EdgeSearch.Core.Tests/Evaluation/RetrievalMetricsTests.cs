using EdgeSearch.Core.Evaluation;

namespace EdgeSearch.Core.Tests.Evaluation;

public class RetrievalMetricsTests
{
    private const double Tolerance = 1e-12;

    [Fact]
    public void MatchesHandComputedScoresOnTheUnitCircle()
    {
        // Unit vectors at these angles; similarity falls with the angle between two items.
        // Class A = {0, 1, 3, 4} (R = 3), B = {2, 6} (R = 1), C = {5} is lone and not a query.
        //   q0 (A,   0°): nearest 1A(10°) 2B(24°) 3A(40°)  -> P@1 1, hits at ranks 1,3: RP 2/3, MAP (1 + 2/3)/3 = 5/9
        //   q1 (A,  10°): nearest 0A(10°) 2B(14°) 3A(30°)  -> P@1 1, RP 2/3, MAP 5/9
        //   q2 (B,  24°): nearest 1A(14°)                  -> 0, 0, 0
        //   q3 (A,  40°): nearest 2B(16°) 1A(30°) 4A(35°)  -> P@1 0, hits at ranks 2,3: RP 2/3, MAP (1/2 + 2/3)/3 = 7/18
        //   q4 (A,  75°): nearest 6B(25°) 3A(35°) 2B(51°)  -> P@1 0, hit at rank 2: RP 1/3, MAP (1/2)/3 = 1/6
        //   q6 (B, 100°): nearest 4A(25°)                  -> 0, 0, 0
        // Means over 6 queries: P@1 2/6 = 1/3, RP (7/3)/6 = 7/18, MAP (30/18)/6 = 5/18.
        double[] angles = [0, 10, 24, 40, 75, 200, 100];
        int[] labels = [0, 0, 1, 0, 0, 2, 1];
        var embeddings = angles
            .SelectMany(degrees => new[] { (float)Math.Cos(degrees * Math.PI / 180), (float)Math.Sin(degrees * Math.PI / 180) })
            .ToArray();

        var scores = RetrievalMetrics.Compute(embeddings, 2, labels);

        Assert.Equal(6, scores.Queries);
        Assert.Equal(1.0 / 3, scores.PrecisionAt1, Tolerance);
        Assert.Equal(7.0 / 18, scores.RPrecision, Tolerance);
        Assert.Equal(5.0 / 18, scores.MapAtR, Tolerance);
    }

    [Fact]
    public void EqualSimilaritiesRankByReferenceIndex()
    {
        // Items 0..2 are e1, items 3..4 are e2; A = {0, 1, 3} (R = 2), B = {2, 4} (R = 1).
        //   q0 (A): ties 1A, 2B at 1        -> order 1A 2B: P@1 1, RP 1/2, MAP 1/2
        //   q1 (A): ties 0A, 2B at 1        -> order 0A 2B: P@1 1, RP 1/2, MAP 1/2
        //   q2 (B): ties 0A, 1A at 1        -> order 0A:    0, 0, 0
        //   q3 (A): 4B, then 0A 1A 2B at 0  -> order 4B 0A: P@1 0, RP 1/2, MAP (1/2)/2 = 1/4
        //   q4 (B): 3A                      -> 0, 0, 0
        // Means over 5: P@1 2/5, RP 1.5/5 = 0.3, MAP 1.25/5 = 0.25.
        // Ties ranked by descending index would give P@1 0, RP 0.2, MAP 0.1.
        float[] embeddings = [1, 0, 1, 0, 1, 0, 0, 1, 0, 1];
        int[] labels = [0, 0, 1, 0, 1];

        var scores = RetrievalMetrics.Compute(embeddings, 2, labels);

        Assert.Equal(5, scores.Queries);
        Assert.Equal(0.4, scores.PrecisionAt1, Tolerance);
        Assert.Equal(0.3, scores.RPrecision, Tolerance);
        Assert.Equal(0.25, scores.MapAtR, Tolerance);
    }

    [Fact]
    public void OnlyLoneItemsGiveNoQueries()
    {
        float[] embeddings = [1, 0, 0, 1];

        Assert.Equal(new RetrievalScores(0, 0, 0, 0), RetrievalMetrics.Compute(embeddings, 2, [3, 7]));
    }

    [Fact]
    public void RejectsEmbeddingsThatDoNotMatchTheLabels()
    {
        var error = Assert.Throws<ArgumentException>(() => RetrievalMetrics.Compute(new float[7], 2, [0, 1, 0]));
        Assert.Contains("3 embeddings of 2", error.Message);
    }

    [Fact]
    public void RejectsNonFiniteEmbeddings()
    {
        var error = Assert.Throws<ArgumentException>(() => RetrievalMetrics.Compute([1, 0, float.NaN, 1], 2, [0, 0]));
        Assert.Contains("Embedding 1", error.Message);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void AgreesWithAFullSortOnRandomData(int seed)
    {
        // Small integer coordinates make every dot product exact in float and produce many ties,
        // so the fast path and the naive reference must agree exactly, tie order included.
        var random = new Random(seed);
        const int count = 300, dim = 4;
        var embeddings = Enumerable.Range(0, count * dim).Select(_ => (float)random.Next(-2, 3)).ToArray();
        var labels = Enumerable.Range(0, count).Select(_ => random.Next(8)).ToArray();
        labels[17] = 99; // a lone class

        var expected = NaiveScores(embeddings, dim, labels);
        var actual = RetrievalMetrics.Compute(embeddings, dim, labels);

        Assert.Equal(expected.Queries, actual.Queries);
        Assert.Equal(expected.PrecisionAt1, actual.PrecisionAt1, Tolerance);
        Assert.Equal(expected.RPrecision, actual.RPrecision, Tolerance);
        Assert.Equal(expected.MapAtR, actual.MapAtR, Tolerance);
    }

    /// <summary>The definitions, term by term: score every other item, sort them all, read the top R.</summary>
    private static RetrievalScores NaiveScores(float[] embeddings, int dim, int[] labels)
    {
        double precisionAt1 = 0, rPrecision = 0, mapAtR = 0;
        var queries = 0;
        for (var q = 0; q < labels.Length; q++)
        {
            var r = labels.Count(label => label == labels[q]) - 1;
            if (r == 0)
                continue;
            queries++;
            var ranked = Enumerable.Range(0, labels.Length)
                .Where(i => i != q)
                .Select(i => (Index: i, Similarity: Enumerable.Range(0, dim).Sum(d => (double)embeddings[q * dim + d] * embeddings[i * dim + d])))
                .OrderByDescending(n => n.Similarity)
                .ThenBy(n => n.Index)
                .Select(n => labels[n.Index] == labels[q])
                .Take(r)
                .ToArray();
            precisionAt1 += ranked[0] ? 1 : 0;
            rPrecision += ranked.Count(relevant => relevant) / (double)r;
            var average = 0.0;
            for (var i = 0; i < r; i++)
                if (ranked[i])
                    average += ranked.Take(i + 1).Count(relevant => relevant) / (double)(i + 1);
            mapAtR += average / r;
        }
        return new RetrievalScores(precisionAt1 / queries, rPrecision / queries, mapAtR / queries, queries);
    }
}
