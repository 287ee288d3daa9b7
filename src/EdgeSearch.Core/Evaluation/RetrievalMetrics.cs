using System.Numerics.Tensors;

namespace EdgeSearch.Core.Evaluation;

/// <summary>
/// Precision@1, R-Precision and MAP@R as pytorch-metric-learning's AccuracyCalculator defines them, leave-one-out:
/// every item queries all the others by exact k-NN on the dot product (cosine similarity for the L2-normalised
/// embeddings a model produces). R is the number of other items with the query's label.
/// </summary>
/// <remarks>
/// Queries with R = 0 (a class of one) are left out of all three metrics, as PML leaves out lone queries; with no
/// query left the scores are 0. Equal similarities rank by ascending reference index.
/// </remarks>
public static class RetrievalMetrics
{
    /// <param name="embeddings">Row-major <c>[labels.Length, dim]</c>.</param>
    public static RetrievalScores Compute(ReadOnlySpan<float> embeddings, int dim, ReadOnlySpan<int> labels)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(dim);
        if (embeddings.Length != (long)labels.Length * dim)
            throw new ArgumentException($"{embeddings.Length} floats are not {labels.Length} embeddings of {dim}.", nameof(embeddings));
        var rows = embeddings.ToArray();
        var nonFinite = Array.FindIndex(rows, value => !float.IsFinite(value));
        if (nonFinite >= 0)
            throw new ArgumentException($"Embedding {nonFinite / dim} holds the non-finite value {rows[nonFinite]}.", nameof(embeddings));
        var classes = labels.ToArray();
        var count = classes.Length;
        var classSizes = classes.CountBy(label => label).ToDictionary();

        var precisionAt1 = new double[count];
        var rPrecision = new double[count];
        var mapAtR = new double[count];
        Parallel.For(0, count, () => new ulong[Math.Max(count - 1, 0)], (query, _, neighbors) =>
        {
            var r = classSizes[classes[query]] - 1;
            if (r == 0)
                return neighbors;
            var vector = rows.AsSpan(query * dim, dim);
            for (int item = 0, slot = 0; item < count; item++)
                if (item != query)
                    neighbors[slot++] = NeighborKey.Encode(TensorPrimitives.Dot(vector, rows.AsSpan(item * dim, dim)), item);
            NeighborRanking.RankTop(neighbors, r);

            var hits = 0;
            var precisionSum = 0.0;
            for (var rank = 0; rank < r; rank++)
            {
                if (classes[NeighborKey.Index(neighbors[rank])] != classes[query])
                    continue;
                hits++;
                precisionSum += (double)hits / (rank + 1);
            }
            precisionAt1[query] = classes[NeighborKey.Index(neighbors[0])] == classes[query] ? 1 : 0;
            rPrecision[query] = (double)hits / r;
            mapAtR[query] = precisionSum / r;
            return neighbors;
        }, _ => { });

        var queries = classes.Count(label => classSizes[label] > 1);
        if (queries == 0)
            return new RetrievalScores(0, 0, 0, 0);
        // Summed in query order (lone queries hold 0), so the result does not depend on the thread schedule.
        return new RetrievalScores(precisionAt1.Sum() / queries, rPrecision.Sum() / queries, mapAtR.Sum() / queries, queries);
    }
}
